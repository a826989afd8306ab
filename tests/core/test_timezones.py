"""The user's clock helpers: local dates and ISO weeks."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from apps.core.timezones import iso_week_start, local_date, local_week_start


def user_in(zone):
    return SimpleNamespace(time_zone=zone)


@pytest.mark.parametrize(
    ("day", "monday"),
    [(date(2026, 11, 30), date(2026, 11, 30)), (date(2026, 12, 6), date(2026, 11, 30)), (date(2027, 1, 1), date(2026, 12, 28))],
)
def test_iso_week_start_is_the_monday(day, monday):
    assert iso_week_start(day) == monday


def test_local_week_start_depends_on_the_zone():
    sunday_night_utc = datetime(2026, 12, 6, 22, 0, tzinfo=UTC)
    assert local_week_start(user=user_in("UTC"), at=sunday_night_utc) == date(2026, 11, 30)
    assert local_week_start(user=user_in("Pacific/Kiritimati"), at=sunday_night_utc) == date(2026, 12, 7)
    assert local_date(user=user_in("Pacific/Pago_Pago"), at=sunday_night_utc) == date(2026, 12, 6)


def test_an_unknown_zone_is_utc():
    assert local_date(user=user_in("Mars/Olympus"), at=datetime(2026, 12, 6, 23, 0, tzinfo=UTC)) == date(2026, 12, 6)
