"""The one way a timestamp is written in API bodies and exports: UTC, ISO 8601, ending in `Z`
(`2026-03-01T12:00:00.123456Z`) — the same as DRF's DateTimeField renders UTC values."""

from datetime import UTC, date, datetime


def iso_utc(value: datetime | None, *, timespec: str = "auto") -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def utc_now_iso(*, timespec: str = "milliseconds") -> str:
    return iso_utc(datetime.now(UTC), timespec=timespec)


def iso_date(value: date | None) -> str | None:
    """A calendar date as `2026-03-01` (None stays None)."""
    return value.isoformat() if value else None
