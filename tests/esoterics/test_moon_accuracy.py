"""The moon of apps.esoterics.moon (ephem) against an independent ephemeris: skyfield with
JPL DE421 from skyfield-data. DE421 is the only planetary file skyfield-data bundles and it
covers 1900-2050, so the check runs on local days from 1950-01-01 to 2049-12-31 (the API
accepts 1900..2200; ephem's theories are used unchanged beyond 2050)."""

import bisect
import random
import warnings
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from apps.esoterics import moon as moon_module

with warnings.catch_warnings():
    # skyfield-data warns that its bundled Earth-orientation file is old; the timescale below
    # is skyfield's builtin one, so that file is never read.
    warnings.simplefilter("ignore")
    from skyfield import almanac
    from skyfield.api import Loader
    from skyfield_data import get_skyfield_data_path

FIRST_DAY = date(1950, 1, 1)
LAST_DAY = date(2049, 12, 31)
ZONES = ("UTC", "Europe/Moscow", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland")
SKYFIELD_PHASES = (moon_module.NEW_MOON, moon_module.FIRST_QUARTER, moon_module.FULL_MOON, moon_module.LAST_QUARTER)
AFTER = {
    moon_module.NEW_MOON: moon_module.WAXING_CRESCENT,
    moon_module.FIRST_QUARTER: moon_module.WAXING_GIBBOUS,
    moon_module.FULL_MOON: moon_module.WANING_GIBBOUS,
    moon_module.LAST_QUARTER: moon_module.WANING_CRESCENT,
}
# ephem's phase instants agree with DE421 within about 40 s; a day whose boundary lies
# closer than this to a phase instant cannot be judged by either and is left out.
AMBIGUOUS = timedelta(minutes=3)


@pytest.fixture(scope="module")
def sky():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        loader = Loader(get_skyfield_data_path(), verbose=False)
    ts = loader.timescale(builtin=True)
    eph = loader("de421.bsp")
    start = ts.utc(FIRST_DAY.year - 1, 11, 1)
    end = ts.utc(LAST_DAY.year + 1, 2, 1)
    times, kinds = almanac.find_discrete(start, end, almanac.moon_phases(eph), epsilon=1 / 86400)
    events = [(t.utc_datetime(), SKYFIELD_PHASES[k]) for t, k in zip(times, kinds, strict=True)]
    new_moons = [instant for instant, kind in events if kind == moon_module.NEW_MOON]
    return {"ts": ts, "eph": eph, "events": events, "instants": [e[0] for e in events], "new_moons": new_moons}


def sample_days(sky) -> list[date]:
    rng = random.Random(20250113)
    span = (LAST_DAY - FIRST_DAY).days
    days = {FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(220)}
    # Plus the days around principal phases, where the naming rule matters most.
    for instant, _ in rng.sample(sky["events"], 40):
        for shift in (-1, 0, 1):
            day = instant.date() + timedelta(days=shift)
            if FIRST_DAY <= day <= LAST_DAY:
                days.add(day)
    return sorted(days)


def local_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def expected_phase(sky, day: date, zone: str) -> str | None:
    """The phase by the spec's rule from skyfield's events; None when too close to call."""
    start, end = local_bounds(day, zone)
    instants = sky["instants"]
    if any(abs(instants[i] - edge) < AMBIGUOUS for edge in (start, end) for i in _near(instants, edge)):
        return None
    first = bisect.bisect_left(instants, start)
    if first < len(instants) and instants[first] < end:
        return sky["events"][first][1]
    return AFTER[sky["events"][first - 1][1]]


def _near(instants, moment):
    index = bisect.bisect_left(instants, moment)
    return [i for i in (index - 1, index) if 0 <= i < len(instants)]


def test_phase_illumination_age_and_sign_match_de421(sky):
    ts, eph = sky["ts"], sky["eph"]
    earth, moon = eph["earth"], eph["moon"]
    cases = [(day, zone) for day in sample_days(sky) for zone in ZONES]
    assert len(cases) > 1000
    noons = [datetime.combine(day, time(12), tzinfo=ZoneInfo(zone)).astimezone(UTC) for day, zone in cases]
    t = ts.from_datetimes(noons)
    illuminated = almanac.fraction_illuminated(eph, "moon", t)
    _, longitudes, _ = earth.at(t).observe(moon).apparent().ecliptic_latlon(epoch="date")

    judged = phase_errors = 0
    failures = []
    for (day, zone), noon, fraction, longitude in zip(cases, noons, illuminated, longitudes.degrees, strict=True):
        got = moon_module.moon_for_day(day, zone)
        if abs(got.illumination - float(fraction)) > 0.01:
            failures.append(f"{day} {zone}: illumination {got.illumination:.4f} vs {float(fraction):.4f}")
        previous_new = sky["new_moons"][bisect.bisect_right(sky["new_moons"], noon) - 1]
        age = (noon - previous_new).total_seconds() / 86400
        if abs(got.age_days - age) > 0.005:
            failures.append(f"{day} {zone}: age {got.age_days:.4f} vs {age:.4f}")
        if 0.1 < float(longitude) % 30 < 29.9:
            sign = moon_module.ZODIAC_SIGNS[int(float(longitude) // 30) % 12]
            if got.zodiac_sign != sign:
                failures.append(f"{day} {zone}: sign {got.zodiac_sign} vs {sign}")
        expected = expected_phase(sky, day, zone)
        if expected is not None:
            judged += 1
            if got.phase != expected:
                phase_errors += 1
                failures.append(f"{day} {zone}: phase {got.phase} vs {expected}")
    assert not failures, "\n".join(failures[:20])
    assert judged >= len(cases) - 10
    principal = {moon_module.moon_for_day(d, z).phase for d, z in cases} & set(SKYFIELD_PHASES)
    assert principal == set(SKYFIELD_PHASES)


def test_lunar_day_is_floor_of_age_plus_one_capped_at_30():
    assert moon_module.lunar_day_for_age(0.0) == 1
    assert moon_module.lunar_day_for_age(0.99) == 1
    assert moon_module.lunar_day_for_age(14.5) == 15
    assert moon_module.lunar_day_for_age(29.7) == 30


@pytest.mark.parametrize(
    ("zone", "day", "phase"),
    [
        ("Europe/Moscow", date(2025, 1, 13), moon_module.WAXING_GIBBOUS),
        ("Europe/Moscow", date(2025, 1, 14), moon_module.FULL_MOON),
        ("Europe/Moscow", date(2025, 1, 15), moon_module.WANING_GIBBOUS),
        ("UTC", date(2025, 1, 12), moon_module.WAXING_GIBBOUS),
        ("UTC", date(2025, 1, 13), moon_module.FULL_MOON),
        ("UTC", date(2025, 1, 14), moon_module.WANING_GIBBOUS),
    ],
)
def test_full_moon_of_2025_01_13_2227_utc_names_the_local_day(zone, day, phase):
    assert moon_module.moon_for_day(day, zone).phase == phase
