"""Local wall times → UTC instants through DST changes and far-off zones (pure functions)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from apps.reminders.schedule import in_quiet_hours, local_fire_instant, next_fire

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fires(zone, at, start, days, weekday=None):
    """The next `days` fires after `start`, one after the other (as the dispatcher moves them)."""
    out, after = [], start
    for _ in range(days):
        instant, day = next_fire(after=after, at=at, zone=zone, weekday=weekday)
        out.append((day, instant))
        after = instant
    return out


def test_berlin_spring_forward_week_fires_every_day_and_the_missing_time_at_the_next_minute():
    # 2026-03-29 02:00 CET → 03:00 CEST: 02:30 does not exist that day.
    result = fires(BERLIN, time(2, 30), utc(2026, 3, 26, 12), 4)
    assert result == [
        (date(2026, 3, 27), utc(2026, 3, 27, 1, 30)),  # CET (+1)
        (date(2026, 3, 28), utc(2026, 3, 28, 1, 30)),
        (date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),  # 03:00 CEST, the next minute that exists
        (date(2026, 3, 30), utc(2026, 3, 30, 0, 30)),  # CEST (+2)
    ]


def test_berlin_fall_back_week_fires_a_repeated_time_once():
    # 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice; it fires at the first one only.
    result = fires(BERLIN, time(2, 30), utc(2026, 10, 24, 12), 3)
    assert result == [
        (date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),  # 02:30 CEST
        (date(2026, 10, 26), utc(2026, 10, 26, 1, 30)),  # next day, CET; not 01:30 UTC on the 25th
        (date(2026, 10, 27), utc(2026, 10, 27, 1, 30)),
    ]


def test_berlin_morning_keeps_its_local_hour_across_the_change():
    result = fires(BERLIN, time(8, 0), utc(2026, 3, 28, 12), 2)
    assert [instant.astimezone(BERLIN).hour for _day, instant in result] == [8, 8]
    assert [instant for _day, instant in result] == [utc(2026, 3, 29, 6), utc(2026, 3, 30, 6)]


def test_new_york_spring_forward_and_fall_back():
    # 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    assert fires(NEW_YORK, time(2, 15), utc(2026, 3, 7, 12), 2) == [
        (date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),  # 03:00 EDT
        (date(2026, 3, 9), utc(2026, 3, 9, 6, 15)),
    ]
    assert fires(NEW_YORK, time(1, 30), utc(2026, 10, 31, 12), 2) == [
        (date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),  # 01:30 EDT, the first of the two
        (date(2026, 11, 2), utc(2026, 11, 2, 6, 30)),  # EST
    ]


def test_new_york_weekly_review_on_the_sunday_of_the_change():
    result = fires(NEW_YORK, time(19, 0), utc(2026, 3, 2, 12), 2, weekday=7)
    assert result == [(date(2026, 3, 8), utc(2026, 3, 8, 23)), (date(2026, 3, 15), utc(2026, 3, 15, 23))]


def test_utc_plus_14_fires_the_previous_utc_day():
    zone = ZoneInfo("Pacific/Kiritimati")
    instant, day = next_fire(after=utc(2026, 6, 1, 12), at=time(8, 0), zone=zone)
    assert (day, instant) == (date(2026, 6, 2), utc(2026, 6, 1, 18))


def test_utc_minus_11_fires_the_same_utc_evening():
    zone = ZoneInfo("Pacific/Pago_Pago")
    instant, day = next_fire(after=utc(2026, 6, 1, 12), at=time(8, 0), zone=zone)
    assert (day, instant) == (date(2026, 6, 1), utc(2026, 6, 1, 19))


def test_the_next_fire_is_strictly_after():
    at = utc(2026, 6, 1, 8)
    assert next_fire(after=at, at=time(8, 0), zone=ZoneInfo("UTC"))[0] == utc(2026, 6, 2, 8)


def test_local_fire_instant_of_an_ordinary_day():
    assert local_fire_instant(date(2026, 7, 1), time(21, 0), BERLIN) == utc(2026, 7, 1, 19)


@pytest.mark.parametrize(
    ("at", "start", "end", "quiet"),
    [
        (time(23, 0), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(13, 0), time(12, 0), time(14, 0), True),
        (time(14, 0), time(12, 0), time(14, 0), False),
        (time(8, 0), None, None, False),
    ],
)
def test_quiet_hours(at, start, end, quiet):
    assert in_quiet_hours(at, start, end) is quiet
