"""SECURITY 34/35: sliding windows, and the limits hold (in the database) while the cache is down."""

import datetime as dt
import threading
from unittest import mock

import pytest
import time_machine
from django.db import connection

from apps.core import ratelimit
from apps.core.exceptions import RateLimited
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, postgres_only

T0 = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)  # a multiple of 10 s: a fixed window starts here


def hit(**kwargs):
    return ratelimit.limit_hit(scope="test", ident="someone", limit=3, window=10, **kwargs)


class DeadCache:
    """What django-redis answers with IGNORE_EXCEPTIONS while Redis is down."""

    def get_many(self, *args, **kwargs):
        return {}

    def add(self, *args, **kwargs):
        return None

    def get(self, *args, **kwargs):
        return None

    def delete(self, *args, **kwargs):
        return None


@pytest.fixture(params=["cache", "database"])
def store(request, db):
    if request.param == "database":
        with mock.patch.object(ratelimit, "cache", DeadCache()):
            yield request.param
    else:
        yield request.param


def test_no_more_than_the_limit_across_a_window_boundary(store):
    with time_machine.travel(T0 + dt.timedelta(seconds=9), tick=False) as traveller:
        for _ in range(3):
            hit()
        traveller.shift(dt.timedelta(seconds=2))  # a fixed window would have started afresh at T0+10
        with pytest.raises(RateLimited) as refused:
            hit()
        assert refused.value.details["retry_after"] == 8


def test_the_limit_lifts_when_the_oldest_hit_leaves_the_window(store):
    with time_machine.travel(T0, tick=False) as traveller:
        hit()
        traveller.shift(dt.timedelta(seconds=5))
        hit()
        hit()
        traveller.shift(dt.timedelta(seconds=5))
        hit()  # the first hit is 10 s old: its slot is free again
        with pytest.raises(RateLimited):
            hit()


def test_a_released_hit_does_not_count(store):
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            hit().release()
        hit()


def test_database_keeps_the_count_while_the_cache_is_down(db):
    with mock.patch.object(ratelimit, "cache", DeadCache()), time_machine.travel(T0, tick=False):
        for _ in range(3):
            hit()
        with pytest.raises(RateLimited):
            hit()
    from apps.core.models import RateLimitSlot

    assert RateLimitSlot.objects.count() == 3


@pytest.mark.django_db
def test_signin_failures_stay_limited_while_redis_hangs(api_client, settings, hanging_address):
    host, port = hanging_address
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{host}:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1, "IGNORE_EXCEPTIONS": True},
        }
    }
    user = UserFactory()
    body = {"email": user.email, "password": "Wrong-Password-1"}
    statuses = [api_client.post("/api/v1/auth/signin", body, format="json").status_code for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    right = api_client.post("/api/v1/auth/signin", {"email": user.email, "password": PASSWORD}, format="json")
    assert right.status_code == 429


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_database_counter_is_atomic_under_concurrency():
    passed = []
    barrier = threading.Barrier(20)

    def worker():
        barrier.wait()
        try:
            ratelimit.limit_hit(scope="test", ident="parallel", limit=5, window=60)
            passed.append(1)
        except RateLimited:
            pass
        finally:
            connection.close()

    with mock.patch.object(ratelimit, "cache", DeadCache()):
        threads = [threading.Thread(target=worker) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(passed) == 5
