"""Django's PostgreSQL backend, with a cheaper check of the connections the pool lends out.

A connection PostgreSQL dropped (a restart, a failover, pg_terminate_backend) must not fail a
request (SECURITY.md 51). With CONN_HEALTH_CHECKS, Django gives psycopg_pool its stock check,
an empty query on every borrow: one more round trip per request that queries, about a tenth
of a cold list read's CPU (bench/cpu.py). A connection that PostgreSQL ended has something to
read before anyone asks — the server's FATAL message, then the end of the stream — while an
idle healthy one has nothing (the app never LISTENs). So `check_connection` polls the socket
with a zero timeout and runs the stock check only when it is readable (which also consumes a
harmless notice): the test Go's database/sql drivers make before reusing a connection.

ENGINE "apps.core.postgresql" (settings, when DATABASE_URL is PostgreSQL). tests/core/
test_db_restart.py terminates every connection under a running server.
"""

import select

from django.db.backends.postgresql import base
from psycopg_pool import ConnectionPool

try:  # under gevent's monkey-patching, the real select: a zero timeout never needs the hub
    from gevent.monkey import get_original

    _select = get_original("select", "select")
except ImportError:  # pragma: no cover - gevent is in requirements.txt
    _select = select.select


def check_connection(conn) -> None:
    """Raise if the pooled connection is dead (the pool then discards it and lends another)."""
    if conn.closed or conn.broken:
        raise ConnectionError("connection closed")
    readable, _w, _x = _select([conn.fileno()], [], [], 0)
    if readable:
        ConnectionPool.check_connection(conn)


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self):
        pool = super().pool
        # Django (5.2) builds the pool with check=ConnectionPool.check_connection and no way to
        # pass another; psycopg_pool keeps it in `_check` (tests/core/test_db_pool.py pins it).
        if pool is not None and pool._check is ConnectionPool.check_connection:
            pool._check = check_connection
        return pool

    def _set_autocommit(self, autocommit):
        # Django sets autocommit on every connection it takes from the pool; the pool lends them
        # idle in autocommit already, and psycopg's setter takes the connection's lock and runs
        # its state check even when nothing changes (~1 % of a cold list read's CPU).
        if self.connection.autocommit != autocommit:
            super()._set_autocommit(autocommit)
