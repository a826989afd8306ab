"""Hot list reads as one written-out SQL statement on PostgreSQL, the ORM elsewhere.

Why: on a page of 20 rows the ORM's work — building the `.values()` queryset (~200 µs of CPU),
compiling it (~200 µs) and iterating it through its converters (~300 µs) — was 70 % of the
read's CPU against ~200 µs for sending the same SQL and reading the rows (bench/PROFILE.md,
issue 19). So each hot list keeps its ORM queryset as the reference (other databases, and
tests that compare the two row for row: tests/performance/test_list_reads.py) and sends the
same SELECT by hand on PostgreSQL. Rows come back as dicts keyed by column name, like
`.values()`: `jsonb` columns are decoded as JSONField does, timestamps are aware UTC datetimes
and UUIDs are UUIDs (psycopg), `inet` stays text (Django's adapters).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

TOTAL = "_total"  # the `COUNT(*) OVER ()` column of a page


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def sql_rows(sql: str, params, *, json_columns: tuple[str, ...] = ()) -> list[dict]:
    """Rows of `sql` as dicts keyed by column name; `json_columns` decoded from their text."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name in json_columns:
            if row[name] is not None:
                row[name] = json.loads(row[name])
    return rows


@dataclass(frozen=True)
class SqlList:
    """A list for apps/core/pagination.paginate: `reference` (a function building the
    `.values()` queryset: only called off PostgreSQL, or to count an empty page) and, for
    PostgreSQL, `sql` — the same rows in the same order, with the total in a
    `COUNT(*) OVER () AS "_total"` column and no LIMIT — with its `params`."""

    reference: Callable[[], QuerySet]
    sql: str
    params: tuple = ()
    json_columns: tuple[str, ...] = field(default=())

    def page(self, offset: int, limit: int) -> tuple[list[dict], int | None]:
        """The rows of one page and the total (None for a page past the end)."""
        rows = sql_rows(f"{self.sql} LIMIT %s OFFSET %s", (*self.params, limit, offset), json_columns=self.json_columns)
        total = rows[0][TOTAL] if rows else None
        for row in rows:
            del row[TOTAL]
        return rows, total

    @property
    def queryset(self) -> QuerySet:
        return self.reference()
