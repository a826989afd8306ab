"""The moon for one local calendar day, computed with `ephem` (VSOP87/ELP theories, phase
instants within about a minute of JPL DE421), never with a mean synodic month.

Definitions (what `GET /esoterics/today` returns):

- `phase`: a principal phase (new_moon, first_quarter, full_moon, last_quarter) names the
  local calendar day [00:00, 24:00) in the user's time zone that contains its exact instant.
  Every other day is named after the last principal phase before that day's start:
  new → waxing_crescent, first quarter → waxing_gibbous, full → waning_gibbous,
  last quarter → waning_crescent.
- `illumination`: geocentric illuminated fraction of the disc (0..1) at local noon.
- `age_days`: days from the previous new moon (its exact instant) to local noon.
- `lunar_day`: floor(age_days) + 1, capped to 30 — the 1st lunar day is the first 24 hours
  after the new moon, and so on; a long lunation (up to 29.8 d) never yields 31.
- `zodiac_sign`: the tropical sign (of-date ecliptic, equinox of date) of the moon's
  geocentric apparent ecliptic longitude at local noon, 30° per sign from aries.

The result depends only on (date, time zone), so it is memoised: the computation is a few
hundred microseconds of CPU that every request for the same day would otherwise repeat.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import ephem

NEW_MOON = "new_moon"
WAXING_CRESCENT = "waxing_crescent"
FIRST_QUARTER = "first_quarter"
WAXING_GIBBOUS = "waxing_gibbous"
FULL_MOON = "full_moon"
WANING_GIBBOUS = "waning_gibbous"
LAST_QUARTER = "last_quarter"
WANING_CRESCENT = "waning_crescent"

PHASES = (
    NEW_MOON,
    WAXING_CRESCENT,
    FIRST_QUARTER,
    WAXING_GIBBOUS,
    FULL_MOON,
    WANING_GIBBOUS,
    LAST_QUARTER,
    WANING_CRESCENT,
)

ZODIAC_SIGNS = (
    "aries",
    "taurus",
    "gemini",
    "cancer",
    "leo",
    "virgo",
    "libra",
    "scorpio",
    "sagittarius",
    "capricorn",
    "aquarius",
    "pisces",
)

# principal phase -> (ephem "next" finder, ephem "previous" finder, the name of the days after it)
_PRINCIPAL = (
    (NEW_MOON, ephem.next_new_moon, ephem.previous_new_moon, WAXING_CRESCENT),
    (FIRST_QUARTER, ephem.next_first_quarter_moon, ephem.previous_first_quarter_moon, WAXING_GIBBOUS),
    (FULL_MOON, ephem.next_full_moon, ephem.previous_full_moon, WANING_GIBBOUS),
    (LAST_QUARTER, ephem.next_last_quarter_moon, ephem.previous_last_quarter_moon, WANING_CRESCENT),
)

MAX_LUNAR_DAY = 30


@dataclass(frozen=True)
class MoonDay:
    phase: str
    illumination: float
    age_days: float
    lunar_day: int
    zodiac_sign: str


def _ephem_date(moment: datetime) -> ephem.Date:
    return ephem.Date(moment.astimezone(UTC).replace(tzinfo=None))


def _local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`day` at wall-clock `at` in `tz`, as an aware UTC datetime. A wall time skipped by a
    DST jump resolves with the offset before the jump (zoneinfo's fold=0), which is what the
    zone's clocks show just before they jump."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def phase_for_day(day: date, tz: ZoneInfo) -> str:
    start = _ephem_date(_local_instant(day, time(0), tz))
    end = _ephem_date(_local_instant(day + timedelta(days=1), time(0), tz))
    # Principal phases are ≥ 6.5 days apart, so at most one can fall inside a local day.
    for name, find_next, _, _ in _PRINCIPAL:
        if find_next(start) < end:
            return name
    latest = max(_PRINCIPAL, key=lambda phase: float(phase[2](start)))
    return latest[3]


def illumination_at(moment: datetime) -> float:
    return float(ephem.Moon(_ephem_date(moment)).moon_phase)


def age_days_at(moment: datetime) -> float:
    when = _ephem_date(moment)
    return float(when - ephem.previous_new_moon(when))


def lunar_day_for_age(age_days: float) -> int:
    return min(int(math.floor(age_days)) + 1, MAX_LUNAR_DAY)


def zodiac_sign_at(moment: datetime) -> str:
    when = _ephem_date(moment)
    moon = ephem.Moon(when)
    apparent = ephem.Equatorial(moon.g_ra, moon.g_dec, epoch=when)
    longitude = math.degrees(float(ephem.Ecliptic(apparent, epoch=when).lon)) % 360.0
    return ZODIAC_SIGNS[int(longitude // 30) % 12]


@lru_cache(maxsize=4096)
def moon_for_day(day: date, tz_name: str) -> MoonDay:
    """The moon of local calendar `day` in IANA zone `tz_name` (see the module docstring)."""
    tz = ZoneInfo(tz_name)
    noon = _local_instant(day, time(12), tz)
    age = age_days_at(noon)
    return MoonDay(
        phase=phase_for_day(day, tz),
        illumination=illumination_at(noon),
        age_days=age,
        lunar_day=lunar_day_for_age(age),
        zodiac_sign=zodiac_sign_at(noon),
    )
