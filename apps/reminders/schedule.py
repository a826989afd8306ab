"""When a reminder fires: local wall times in an IANA zone turned into UTC instants. Pure
functions (no database), so the DST rules are tested on their own.

- A local time that does not exist that day (the clock jumps forward over it) fires at the
  next minute that exists (Berlin 02:30 on the spring-forward Sunday fires at 03:00 CEST).
- A local time that exists twice (the clock falls back) fires once, at its first occurrence;
  the delivery constraint (one per user, kind and local date) makes "once" hold anyway."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEARCH_DAYS = 9  # a weekly reminder's next day is at most 7 local days ahead (+ zone slack)


def _exists(local: datetime) -> bool:
    """Whether this wall time exists in its zone (a round trip through UTC gives it back)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def local_fire_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of the wall time `at` on local date `day` in `zone`."""
    local = datetime.combine(day, at.replace(second=0, microsecond=0), tzinfo=zone)  # fold=0: the first occurrence
    for _minute in range(24 * 60):  # gaps are at most a few hours; bounded anyway
        if _exists(local):
            return local.astimezone(UTC)
        local = (local.replace(tzinfo=None) + timedelta(minutes=1)).replace(tzinfo=zone)
    return local.astimezone(UTC)  # pragma: no cover - no zone has a 24-hour gap


def next_fire(*, after: datetime, at: time, zone: ZoneInfo, weekday: int | None = None) -> tuple[datetime, date]:
    """The first fire strictly after `after` (UTC) and the local date it belongs to. `weekday`
    (ISO, 1 = Monday) restricts to that day of the week."""
    start = after.astimezone(zone).date() - timedelta(days=1)
    for offset in range(SEARCH_DAYS):
        day = start + timedelta(days=offset)
        if weekday is not None and day.isoweekday() != weekday:
            continue
        instant = local_fire_instant(day, at, zone)
        if instant > after:
            return instant, day
    raise AssertionError("no fire time found")  # pragma: no cover


def in_quiet_hours(at: time, start: time | None, end: time | None) -> bool:
    """Whether the local time `at` falls in [start, end) — a span that may wrap past midnight
    (22:00..07:00). No quiet hours when either end is unset or both are equal."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end
