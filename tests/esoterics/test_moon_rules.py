from datetime import date, timedelta
from zoneinfo import ZoneInfo

import ephem
import pytest

from apps.core.registry import exporters
from apps.esoterics import moon as moon_module
from apps.esoterics.moon import moon_for_day, phase_for_day

PRINCIPAL = {moon_module.NEW_MOON, moon_module.FIRST_QUARTER, moon_module.FULL_MOON, moon_module.LAST_QUARTER}


@pytest.mark.parametrize("zone", ["America/Santiago", "Pacific/Auckland", "Pacific/Apia"])
def test_every_principal_phase_names_exactly_one_local_day_across_dst_changes(zone):
    # Santiago moves its clocks at midnight; Apia skipped 2011-12-30 entirely.
    first, last = date(2011, 9, 1), date(2012, 4, 30)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    named = [phase_for_day(day, ZoneInfo(zone)) for day in days]
    start = ephem.Date(f"{first:%Y/%m/%d}") + 1  # comfortably inside the span at both ends
    end = ephem.Date(f"{last:%Y/%m/%d}") - 1
    events = 0
    when = start
    while (when := ephem.next_new_moon(when)) < end:
        events += 1
    assert named.count(moon_module.NEW_MOON) in (events, events + 1)
    # Principal phases come in order and in-between days never repeat a principal name.
    principal_days = [name for name in named if name in PRINCIPAL]
    order = [moon_module.NEW_MOON, moon_module.FIRST_QUARTER, moon_module.FULL_MOON, moon_module.LAST_QUARTER]
    for before, after in zip(principal_days, principal_days[1:], strict=False):
        assert order.index(after) == (order.index(before) + 1) % 4
    for yesterday, today in zip(named, named[1:], strict=False):
        assert not (yesterday in PRINCIPAL and today == yesterday)


@pytest.mark.parametrize(
    ("day", "zone"), [(date(1900, 1, 1), "Pacific/Pago_Pago"), (date(2200, 12, 31), "Pacific/Kiritimati")]
)
def test_range_edges_compute(day, zone):
    moon = moon_for_day(day, zone)
    assert moon.phase in moon_module.PHASES
    assert 1 <= moon.lunar_day <= 30


def test_moon_is_memoised_per_day_and_zone():
    moon_for_day.cache_clear()
    moon_for_day(date(2025, 5, 5), "UTC")
    moon_for_day(date(2025, 5, 5), "UTC")
    moon_for_day(date(2025, 5, 5), "Europe/Moscow")
    info = moon_for_day.cache_info()
    assert (info.hits, info.misses) == (1, 2)


@pytest.mark.django_db
def test_export_includes_the_stored_daily_tip(user):
    user.daily_tip_cache = {"date": "2025-01-13", "text": "Tip.", "locale": "en"}
    assert exporters()["esoterics"](user) == {"daily_tip": {"date": "2025-01-13", "text": "Tip.", "locale": "en"}}
