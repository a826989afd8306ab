"""The user's clock: "today", weeks and streaks are computed in the user's IANA time zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def user_zone(user) -> ZoneInfo:
    """The user's zone; UTC when the stored name is unknown to this system."""
    return zone_named(user.time_zone)


def zone_named(name: str | None) -> ZoneInfo:
    """The zone of a stored `time_zone` name; UTC when the name is unknown to this system."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def local_date(*, user, at: datetime | None = None) -> date:
    """The user's calendar date at `at` (default: now). Never computed by subtracting 24 hours:
    local days are 23 or 25 hours long around DST changes."""
    return (at or timezone.now()).astimezone(user_zone(user)).date()


# --- ISO weeks (Monday..Sunday) in the user's calendar -----------------------------------


def iso_week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def iso_week_key(day: date) -> str:
    """`day`'s ISO week as "2026-W09" (its ISO year, which may differ from the calendar year)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def local_week_start(*, user, at: datetime | None = None) -> date:
    """The Monday of the user's current local ISO week (at `at`, default now)."""
    return iso_week_start(local_date(user=user, at=at))
