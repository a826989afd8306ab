"""The cache epoch (apps/core/cacheepoch.py) in one process, no services needed: a cache drop
that fails moves the epoch with the change, so the entry it could not drop is never served
again; the hot path stays one cache round trip with no query for the epoch. The two-node test
with Redis cut and restored is tests/security/test_cache_outage.py."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import cacheepoch, caching
from apps.core.models import CacheEpoch
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.helpers import ok


class Unreachable:
    """A cache client whose every write fails, like django-redis' with Redis cut off."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


@pytest.fixture
def epoch_on(settings):
    settings.CACHE_EPOCH_SECONDS = 0.2
    cacheepoch._known.update(epoch=cacheepoch.OFF, checked_at=None)
    yield
    cacheepoch._known.update(epoch=cacheepoch.OFF, checked_at=None)


@pytest.mark.django_db(transaction=True)
def test_a_profile_change_whose_drop_failed_is_served_at_once_after(epoch_on, monkeypatch):
    client = client_for(UserFactory(first_name="Old"))
    assert ok(client.get("/api/v1/me"))["user"]["first_name"] == "Old"  # cached
    assert ok(client.get("/api/v1/me"))["user"]["first_name"] == "Old"

    monkeypatch.setattr(caching, "strict_cache", Unreachable)
    started = time.monotonic()
    assert ok(client.put("/api/v1/me", {"first_name": "New"}, format="json"))["user"]["first_name"] == "New"
    held = time.monotonic() - started
    monkeypatch.undo()

    assert CacheEpoch.objects.get().token != cacheepoch.OFF
    assert held >= 0.2  # answered once every node must have read the new epoch
    assert ok(client.get("/api/v1/me"))["user"]["first_name"] == "New"


@pytest.mark.django_db(transaction=True)
def test_a_revocation_whose_drop_failed_holds(epoch_on, monkeypatch):
    client = client_for(UserFactory())
    ok(client.get("/api/v1/me"))
    monkeypatch.setattr(caching, "strict_cache", Unreachable)
    ok(client.post("/api/v1/auth/logout-all"))
    monkeypatch.undo()
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_the_hot_path_reads_no_epoch_from_the_database(settings):
    settings.CACHE_EPOCH_SECONDS = 60
    cacheepoch._known.update(epoch=cacheepoch.OFF, checked_at=None)
    try:
        client = client_for(UserFactory())
        ok(client.get("/api/v1/me"))  # reads the epoch once, caches the session check and /me
        with CaptureQueriesContext(connection) as captured:
            for _ in range(5):
                ok(client.get("/api/v1/me"))
        assert captured.captured_queries == []
    finally:
        cacheepoch._known.update(epoch=cacheepoch.OFF, checked_at=None)


def test_a_request_keeps_the_epoch_it_started_with(settings):
    settings.CACHE_EPOCH_SECONDS = 60
    cacheepoch._known.update(epoch="first", checked_at=time.monotonic())
    keys = []

    def view(request):
        keys.append(cacheepoch.cache_key("me:user:1", "p", 1))
        cacheepoch._known.update(epoch="second")  # another thread read a new epoch meanwhile
        keys.append(cacheepoch.cache_key("me:user:1", "p", 1))

    try:
        cacheepoch.CacheEpochMiddleware(view)(None)
        assert keys == ["p:1:efirst:me:user:1", "p:1:efirst:me:user:1"]
        assert cacheepoch.cache_key("me:user:1", "p", 1) == "p:1:esecond:me:user:1"
    finally:
        cacheepoch._known.update(epoch=cacheepoch.OFF, checked_at=None)


def test_an_exempt_key_keeps_its_name_across_epochs():
    assert cacheepoch.cache_key("rl:signin-fail:abc:900", "p", 1) == "p:1:rl:signin-fail:abc:900"
    assert cacheepoch.cache_key("ai:job:42", "p", 1) == "p:1:ai:job:42"
    assert cacheepoch.cache_key("me:user:1", "p", 1) == "p:1:e0:me:user:1"
