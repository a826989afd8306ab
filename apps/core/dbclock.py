"""The database's clock in written-out SQL (statements sent with `cursor.execute` and
parameters, hence `%%`). A deadline or a period checked against this clock holds whatever the
web's or the worker's own clock says.

- `db_now_sql()`: the statement's start, as Django's `Now()` (PostgreSQL's
  `STATEMENT_TIMESTAMP()`).
- `db_now_sql(after_lock=True)`: the moment the expression is evaluated, so a value read after
  a lock wait is not older than the wait (PostgreSQL's `clock_timestamp()`).

SQLite has one clock: its UTC text, the same both ways."""

from django.db import connection

_SQLITE_NOW = "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')"


def db_now_sql(*, after_lock: bool = False) -> str:
    if connection.vendor == "postgresql":
        return "clock_timestamp()" if after_lock else "STATEMENT_TIMESTAMP()"
    return _SQLITE_NOW
