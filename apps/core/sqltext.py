"""Columns a hot list reads as the API's own text, written by PostgreSQL.

Turning a row's UUIDs, dates and timestamps into Python objects (psycopg's loaders, Django's
time-zone loader is pure Python) and back into text (`str(uuid)`, `iso_utc`) costs more than
the rest of a 200-row list together (docs/notes/shapes.md). On PostgreSQL these expressions
make the database write the exact text the API answers: a UUID as `str(uuid)` does, a date
as `iso_date`, a timestamp as `iso_utc` (UTC, `Z`, microseconds only when not zero). Elsewhere
(SQLite) they are the plain column, converted by Django as usual, and the `*_text` helpers
below format the Python value, so a presenter gives the same JSON on both.
"""

from datetime import date, datetime

from django.db.models import F, Func

from .timestamps import iso_date, iso_utc


class _PostgresText(Func):
    arity = 1
    template = "%(expressions)s"  # other databases: the column itself
    postgres_template = ""

    def __init__(self, column: str, **extra):
        super().__init__(F(column), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.postgres_template, **extra_context)


class UUIDText(_PostgresText):
    """`str(uuid)`: lowercase, with dashes."""

    postgres_template = "(%(expressions)s)::text"


class DateText(_PostgresText):
    """`YYYY-MM-DD` (PostgreSQL writes dates in ISO order with its default DateStyle)."""

    postgres_template = "to_char(%(expressions)s, 'YYYY-MM-DD')"


class UTCText(_PostgresText):
    """`2026-03-01T12:00:00.123456Z`, or `2026-03-01T12:00:00Z` on a whole second: exactly
    `iso_utc` (Python's `isoformat()` leaves out zero microseconds)."""

    postgres_template = (
        "(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        " || CASE WHEN to_char(%(expressions)s, 'US') = '000000' THEN ''"
        " ELSE to_char(%(expressions)s, '.US') END || 'Z')"
    )


def uuid_text(value) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def date_text(value: date | str | None) -> str | None:
    return value if value is None or isinstance(value, str) else iso_date(value)


def utc_text(value: datetime | str | None) -> str | None:
    return value if value is None or isinstance(value, str) else iso_utc(value)
