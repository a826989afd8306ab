"""The user's clock: "today", weeks and streaks are computed in the user's IANA time zone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def user_zone(user) -> ZoneInfo:
    """The user's zone; UTC when the stored name is unknown to this system."""
    try:
        return ZoneInfo(user.time_zone or "UTC")
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


def iso_week_label(week_start: date) -> str:
    """`2026-W49`: the ISO year and week number of the week starting at `week_start`."""
    year, week, _ = week_start.isocalendar()
    return f"{year}-W{week:02d}"


def local_week_start(*, user, at: datetime | None = None) -> date:
    """The Monday of the user's current local ISO week (at `at`, default now)."""
    return iso_week_start(local_date(user=user, at=at))


def local_day_start(*, user, day: date) -> datetime:
    """The aware instant the user's local `day` begins (midnight in their zone). Days around
    DST changes are 23 or 25 hours long, so ranges are built from two midnights, never by
    adding hours. Where midnight itself is skipped by a DST jump, the day begins at the jump."""
    return datetime.combine(day, time.min, tzinfo=user_zone(user))


def local_dates_range(*, user, first: date, last: date) -> tuple[datetime, datetime]:
    """Half-open UTC-comparable bounds `[start of first, start of the day after last)` of the
    user's local dates `first..last`, for filtering timestamps."""
    return local_day_start(user=user, day=first), local_day_start(user=user, day=last + timedelta(days=1))
