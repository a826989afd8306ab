"""Hot list reads: the ORM's own SELECT, compiled once per shape, then only executed.

Why: on a page of 20 rows building a `.values()` queryset (~200 µs of CPU), compiling it
(~200 µs, ~1 ms for the annotated goals) and iterating it (~300 µs) was most of a read's CPU
against ~200 µs for sending the SQL and reading its rows (bench/PROFILE.md, docs/notes/shapes.md).

One way to declare a list: `CompiledList(name, build, varying=...)`, where `build(**arguments)`
returns the list's `.values()` queryset — the only statement of its SQL. `varying` names the
arguments whose values change per request (the owner's id, a date, a moment: UUIDs, dates,
datetimes, ints, or None); the other arguments make the *shape* (a filter's choice: hashable,
few values). On PostgreSQL each shape (and whether a varying argument is None) is compiled
once with a marker value in place of each varying one; the markers' places among the
parameters are remembered and the request's values put there. Rows come back as `.values()`
would give them: keyed as the queryset names its columns, with the fields' converters applied
(a `jsonb` column decoded). Other databases (SQLite) build and read the queryset as usual.

    rows = _GOAL_ROWS.rows(owner_id=user.pk, horizon=None, status="active")      # whole list
    paginate(_HISTORY.bind(owner_id=user.pk), page=1, page_size=20)                # one page

tests/performance/test_list_reads.py compares every declared list (`declared()`) with its
queryset row for row on PostgreSQL (order, ties, filters, pages, totals).

Text columns (`UUIDText`, `DateText`, `UTCText`): turning a row's UUIDs, dates and timestamps
into Python objects and back into the API's text cost more than the rest of a 200-row list.
On PostgreSQL these expressions make the database write the exact text the API answers (a
UUID as `str(uuid)`, a date as `iso_date`, a timestamp as `iso_utc`); elsewhere they read the
plain column and format its Python value on the way out. Either way a row holds the API's text
(or None), and a presenter copies it.
"""

import datetime as dt
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from django.db import connection
from django.db.models import Count, F, Func, JSONField, QuerySet, Window
from django.db.models.expressions import Col

from .timestamps import iso_date, iso_utc

TOTAL = "_total"  # the `COUNT(*) OVER ()` column of a compiled page

_DECLARED: dict[str, "CompiledList"] = {}


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def declared() -> dict[str, "CompiledList"]:
    """Every compiled list by name (for the test that compares each with its queryset)."""
    return dict(_DECLARED)


def _marker(value):
    """A value of `value`'s type that no query holds by chance."""
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, dt.datetime):
        return dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=random.getrandbits(50))  # noqa: S311
    if isinstance(value, dt.date):
        return dt.date.fromordinal(random.randrange(1, 600_000))  # noqa: S311
    if isinstance(value, int) and not isinstance(value, bool):
        return random.getrandbits(62)  # noqa: S311
    raise TypeError(f"a varying argument must be a UUID, date, datetime or int, not {type(value).__name__}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # (index among the parameters, argument name)
    names: tuple  # the row's keys, as `.values()` names them
    converters: tuple  # (column index, converter functions, expression)


class CompiledList:
    def __init__(self, name: str, build: Callable[..., QuerySet], *, varying: tuple[str, ...]):
        """`build(**arguments)` returns the `.values()` queryset; `varying`: see the module."""
        self.name, self._build, self._varying = name, build, frozenset(varying)
        self._compiled: dict = {}
        _DECLARED[name] = self

    def queryset(self, **arguments) -> QuerySet:
        """The reference: the list as the ORM builds it (other databases, tests)."""
        return self._build(**arguments)

    def rows(self, **arguments) -> list[dict]:
        """The whole list: one query."""
        if not on_postgresql():
            return list(self._build(**arguments))
        compiled = self._compiled_for(arguments, paged=False)
        return self._dicts(compiled, self._fetch(compiled.sql, self._params(compiled, arguments)))

    def page(self, offset: int, limit: int, **arguments) -> tuple[list[dict], int | None]:
        """One page and the list's total (None for a page past the end): one query, PostgreSQL."""
        compiled = self._compiled_for(arguments, paged=True)
        params = [*self._params(compiled, arguments), limit, offset]
        found = self._fetch(f"{compiled.sql} LIMIT %s OFFSET %s", params)
        # The total is each row's last column, past the names: zip leaves it out of the dicts.
        return self._dicts(compiled, found), found[0][-1] if found else None

    def bind(self, **arguments) -> "BoundList":
        """This list for `arguments`, for apps/core/pagination.paginate."""
        return BoundList(self, arguments)

    def _compiled_for(self, arguments: dict, *, paged: bool) -> _Compiled:
        present = tuple(sorted(name for name in self._varying if arguments.get(name) is not None))
        shape = tuple(sorted((name, value) for name, value in arguments.items() if name not in self._varying))
        key = (present, shape, paged)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(arguments, present, paged)
        return compiled

    def _compile(self, arguments: dict, present: tuple, paged: bool) -> _Compiled:
        markers = {name: _marker(arguments[name]) for name in present}
        queryset = self._build(**{**arguments, **markers})
        if paged:
            queryset = queryset.annotate(**{TOTAL: Window(Count("*"))})
        query = queryset.query
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        if len(names) != len(columns) or (paged and names[-1] != TOTAL):
            raise RuntimeError(f"CompiledList {self.name}: not a `.values()` queryset")
        if paged:  # the total is read apart (`page`), not converted nor named in the rows
            names, columns = names[:-1], columns[:-1]
        by_marker = {marker: name for name, marker in markers.items()}
        slots = tuple((index, by_marker[param]) for index, param in enumerate(params) if _hashable_in(param, by_marker))
        if {name for _, name in slots} != set(markers):
            raise RuntimeError(f"CompiledList {self.name}: {sorted(markers)} not all found among the parameters")
        converters = tuple(
            (index, tuple(_faster(function, expression) for function in functions), expression)
            for index, (functions, expression) in compiler.get_converters(columns).items()
        )
        return _Compiled(sql, tuple(params), slots, names, converters)

    @staticmethod
    def _params(compiled: _Compiled, arguments: dict) -> list:
        params = list(compiled.params)
        for index, name in compiled.slots:
            params[index] = arguments[name]
        return params

    @staticmethod
    def _fetch(sql: str, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @staticmethod
    def _dicts(compiled: _Compiled, found: list[tuple]) -> list[dict]:
        """The rows keyed by `names` (a page's rows have one column more, its total: zip stops
        before it), with the columns' converters applied."""
        names, converters = compiled.names, compiled.converters
        if not converters:
            return [dict(zip(names, row)) for row in found]  # noqa: B905 - see above
        rows = []
        for row in found:
            values = list(row)
            for index, functions, expression in converters:
                for convert in functions:
                    values[index] = convert(values[index], expression, connection)
            rows.append(dict(zip(names, values)))  # noqa: B905 - see above
        return rows


def _faster(function, expression):
    """A plain `JSONField` column (no decoder, not a key transform) decoded by orjson: ~10x less
    CPU than `json.loads` for the same values (a life-wheel page decodes 20 `scores`)."""
    field = getattr(function, "__self__", None)
    if (
        isinstance(field, JSONField)
        and function.__func__ is JSONField.from_db_value
        and field.decoder is None
        and isinstance(expression, Col)
    ):
        return _json_value
    return function


def _json_value(value, expression, connection):
    if value is None or not isinstance(value, str | bytes):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # what orjson refuses (an integer past 64 bits): Django's way
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value


def _hashable_in(param, mapping: dict) -> bool:
    try:
        return param in mapping
    except TypeError:  # a list parameter (`__in`): never a marker
        return False


@dataclass(frozen=True)
class BoundList:
    """A compiled list with its arguments: `paginate` reads a page of it (PostgreSQL) or of
    its `queryset` (elsewhere, and to count an empty page)."""

    declaration: CompiledList
    arguments: dict

    def page(self, offset: int, limit: int) -> tuple[list[dict], int | None]:
        return self.declaration.page(offset, limit, **self.arguments)

    @property
    def queryset(self) -> QuerySet:
        return self.declaration.queryset(**self.arguments)


# --- Text columns ------------------------------------------------------------------------------


class _PostgresText(Func):
    arity = 1
    template = "%(expressions)s"  # other databases: the column itself
    postgres_template = ""

    def __init__(self, column: str, **extra):
        super().__init__(F(column), **extra)
        self.column = column

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.postgres_template, **extra_context)

    def get_db_converters(self, connection):
        converters = super().get_db_converters(connection)
        return converters if connection.vendor == "postgresql" else [*converters, self._to_text]

    def _to_text(self, value, expression, connection):
        return self.text_of(value)

    def text_of(self, value) -> str | None:
        return None if value is None else self.api_text(value)

    @staticmethod
    def api_text(value) -> str:
        """The API's text of the column's Python value (other databases)."""
        raise NotImplementedError


class UUIDText(_PostgresText):
    """`str(uuid)`: lowercase, with dashes."""

    postgres_template = "(%(expressions)s)::text"
    api_text = staticmethod(str)


class DateText(_PostgresText):
    """`YYYY-MM-DD` (PostgreSQL writes dates in ISO order with its default DateStyle)."""

    postgres_template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    api_text = staticmethod(iso_date)


class UTCText(_PostgresText):
    """`2026-03-01T12:00:00.123456Z`, or `2026-03-01T12:00:00Z` on a whole second: exactly
    `iso_utc` (Python's `isoformat()` leaves out zero microseconds)."""

    # One to_char and a replace: 0.5 µs of PostgreSQL's CPU per value, against 1.3 µs for
    # three to_char calls and a CASE (a wants history page writes 160 of them). to_char writes
    # a timestamptz in the session's time zone, which Django keeps at UTC on every connection
    # it uses (USE_TZ; settings give the database no TIME_ZONE): `AT TIME ZONE 'UTC'` would
    # cost another ~0.15 µs a value for nothing (tests/performance/test_list_reads.py checks).
    postgres_template = "replace(to_char(%(expressions)s, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z')"
    api_text = staticmethod(iso_utc)


def text_values(instance, columns: dict[str, _PostgresText]) -> dict:
    """A model instance's text columns as a list reads them (`{"id_text": UUIDText("id")}` ->
    `{"id_text": str(instance.id)}`): presenters take an instance (writes, exports) and a row
    alike."""
    return {name: expression.text_of(getattr(instance, expression.column)) for name, expression in columns.items()}
