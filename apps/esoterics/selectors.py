"""Reads of esoterics: the user's local day, the moon and numerology of a day (pure
calculations over the user row), and where a day's tip is cached."""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import User
from apps.core.timezones import user_zone

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
