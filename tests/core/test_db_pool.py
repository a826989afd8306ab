"""The pool's check of a lent connection (apps/core/postgresql): no round trip for a healthy
connection, the stock check (and so a replacement) for one PostgreSQL ended."""

import time

import psycopg
import pytest
from django.db import connection
from psycopg_pool import ConnectionPool

from apps.core.postgresql.base import DatabaseWrapper, check_connection
from tests.conftest import postgres_only

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def _dsn() -> str:
    s = connection.settings_dict
    return f"host={s['HOST']} port={s['PORT']} user={s['USER']} dbname={s['NAME']}"


@pytest.fixture
def stock_checks(monkeypatch):
    calls = []
    original = ConnectionPool.check_connection

    def counting(conn):
        calls.append(conn)
        return original(conn)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(counting))
    return calls


def test_a_healthy_idle_connection_passes_without_a_query(stock_checks):
    with psycopg.connect(_dsn(), autocommit=True) as conn:
        conn.execute("SELECT 1")
        check_connection(conn)
        assert stock_checks == []


def test_a_connection_postgresql_ended_fails_the_check(stock_checks):
    with psycopg.connect(_dsn(), autocommit=True) as conn:
        pid = conn.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            deadline = time.monotonic() + 10
            while True:  # the backend is gone once pg_stat_activity no longer lists it
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                assert time.monotonic() < deadline
                time.sleep(0.02)
        with pytest.raises(psycopg.OperationalError):
            check_connection(conn)
        assert len(stock_checks) == 1


def test_the_backend_gives_the_pool_this_check(settings):
    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": True,
         "OPTIONS": {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 0, "max_size": 1}}},
        alias="pool-check-test",
    )
    try:
        assert wrapper.pool._check is check_connection
    finally:
        DatabaseWrapper._connection_pools.pop("pool-check-test", None)
