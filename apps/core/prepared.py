"""A hot list's query, compiled by the ORM once per shape and then only executed.

Building and compiling an annotated `.values()` queryset costs about 1 ms of CPU per request
(expressions resolved, hashed and compiled again each time), more than reading 20 rows
(docs/notes/shapes.md). The SQL of one shape of a list (which filters are set, and their
values when they come from a small fixed set) never changes; only ids such as the owner's do.
`PreparedRows` compiles each shape once with a marker UUID in place of each such id, remembers
where the markers sit among the parameters, and later executes that SQL with the request's ids.

On PostgreSQL only: there the rows need no converters (ids, dates and timestamps come as text,
apps/core/sqltext.py). Elsewhere (SQLite) it builds and reads the queryset as usual.
"""

import uuid
from collections.abc import Callable

from django.db import connection


class PreparedRows:
    def __init__(self, build: Callable[..., object]):
        """`build(**ids, **shape)` returns the `.values()` queryset; `ids` are UUIDs that vary per
        request (or None when absent), `shape` the other arguments (hashable, few values)."""
        self._build = build
        self._compiled: dict = {}

    def rows(self, *, ids: dict, **shape) -> list[dict]:
        if connection.vendor != "postgresql":
            return list(self._build(**ids, **shape))
        present = tuple(sorted(name for name, value in ids.items() if value is not None))
        key = (present, tuple(sorted(shape.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            markers = {name: uuid.uuid4() for name in present}
            queryset = self._build(**{name: markers.get(name) for name in ids}, **shape)
            sql, params = queryset.query.sql_with_params()
            by_marker = {marker: name for name, marker in markers.items()}
            slots = [(index, by_marker[param]) for index, param in enumerate(params) if param in by_marker]
            if len(slots) != len(markers):
                raise RuntimeError(f"PreparedRows: {sorted(markers)} not found among the query's parameters")
            compiled = self._compiled[key] = (sql, tuple(params), tuple(slots))
        sql, params, slots = compiled
        params = list(params)
        for index, name in slots:
            params[index] = ids[name]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
