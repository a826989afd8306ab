"""Reads of esoterics: the user's local day, the moon and numerology of a day (pure
calculations over the user row), where a day's tip is cached, and who is due a prepared tip."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from apps.accounts.models import Session, User
from apps.core.timezones import user_zone, zone_named

from . import content
from .moon import moon_for_day
from .numerology import numbers_for


def user_time_zone_name(user: User) -> str:
    """The user's IANA zone; UTC when the stored name is unknown to this system."""
    return user_zone(user).key


def local_today(tz_name: str) -> date:
    return timezone.now().astimezone(ZoneInfo(tz_name)).date()


def moon_describe(*, day: date, tz_name: str, locale: str) -> dict:
    moon = moon_for_day(day, tz_name)
    return {
        "phase": moon.phase,
        "phase_name": content.phase_name(moon.phase, locale),
        "illumination": round(moon.illumination, 4),
        "age_days": round(moon.age_days, 2),
        "lunar_day": moon.lunar_day,
        "zodiac_sign": moon.zodiac_sign,
        "zodiac_sign_name": content.zodiac_name(moon.zodiac_sign, locale),
    }


def numerology_describe(*, birth_date: date | None, day: date, locale: str) -> dict | None:
    if birth_date is None:
        return None
    numbers = numbers_for(birth_date, day)
    return {
        "life_path_number": numbers.life_path_number,
        "personal_year": numbers.personal_year,
        "personal_month": numbers.personal_month,
        "personal_day": numbers.personal_day,
        "meaning": content.life_path_meaning(numbers.life_path_number, locale),
    }


def daily_tip_cache_key(user_id, day: date) -> str:
    return f"esoterics:tip:{user_id}:{day.isoformat()}"


# --- who is due a prepared tip ------------------------------------------------------------


def _tip_candidates(*, now: datetime, active_days: int):
    """Users who can get an AI tip and were active recently: active, with a date of birth, and
    a live session used within `active_days` (sessions' `last_used_at` moves at every token
    refresh; the partial index `session_recent_active` serves this)."""
    recent = Session.objects.filter(
        user=OuterRef("pk"),
        revoked_at__isnull=True,
        last_used_at__gte=now - timedelta(days=active_days),
        expires_at__gt=now,
    )
    return User.objects.filter(Exists(recent), is_active=True, date_of_birth__isnull=False)


def tip_due_zones(*, now: datetime, active_days: int, prepare_hour: int) -> dict[date, list[str]]:
    """The candidates' time-zone names (one DISTINCT query) whose local time has reached
    `prepare_hour`, grouped by their local date: `{local date: [zone names]}`."""
    names = _tip_candidates(now=now, active_days=active_days).values_list("time_zone", flat=True).distinct()
    due: dict[date, list[str]] = {}
    for name in names.order_by():
        local = now.astimezone(zone_named(name))
        if local.hour >= prepare_hour:
            due.setdefault(local.date(), []).append(name)
    return due


def tip_due_user_ids(
    *, now: datetime, active_days: int, due_zones: dict[date, list[str]], max_attempts: int, after=None, limit: int
) -> list:
    """Up to `limit` ids (ascending, greater than `after`) of candidates in a due zone whose
    stored tip is not for their local date yet and whose attempts that day are not spent."""
    # CASE, not NOT(...): a JSON key that is absent compares as NULL, and NOT(NULL) drops the row.
    settled = Case(
        *(
            When(
                Q(time_zone__in=names, daily_tip_cache__date=day.isoformat())
                & (Q(daily_tip_cache__has_key="text") | Q(daily_tip_cache__attempts__gte=max_attempts)),
                then=Value(True),
            )
            for day, names in due_zones.items()
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    in_due_zone = Q(time_zone__in=[name for names in due_zones.values() for name in names])
    users = _tip_candidates(now=now, active_days=active_days).alias(settled=settled).filter(in_due_zone, settled=False)
    if after is not None:
        users = users.filter(pk__gt=after)
    return list(users.order_by("pk").values_list("pk", flat=True)[:limit])
