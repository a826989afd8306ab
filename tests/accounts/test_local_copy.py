"""Each process's copy of the cached session check (apps/accounts/localcopy.py), on real Redis:
a copy spares the Redis round trip, and whatever changes the session's or the user's Redis
entries, written by any process, refuses the very next request. Another process is played by
a Redis client of its own that writes the keys as django-redis would (pickled) after changing
the database without this process's services; in the last test, by two real gunicorn processes."""

import pickle
import time
import uuid
from collections import Counter

import httpx
import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.cache import TOMBSTONE, auth_generation_key, auth_session_key
from apps.accounts.localcopy import local_copies
from apps.accounts.models import Session, User
from apps.accounts.tokens import token_decode

from .conftest import assert_error, result, signed_in

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="the copies follow Redis: REDIS_URL"),
    pytest.mark.django_db,
]

# A read whose view names no cache key of its own: its session check is all it asks of Redis.
READ = "/api/v1/goals"


@pytest.fixture(autouse=True)
def _copies_on(settings):
    settings.AUTH_LOCAL_COPY = True
    settings.AUTH_CACHE_SECONDS = 60


@pytest.fixture
def other_process():
    """A Redis client that is not this process's cache: writes from 'another web process'."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def mgets(url: str | None = None) -> int:
    info = redis.Redis.from_url(url or settings.REDIS_URL).info("commandstats")
    return int(info.get("cmdstat_mget", {}).get("calls", 0))


def copied(client):
    """Three reads: the database check, the MGET that fills the copy, and one on the copy."""
    for _ in range(3):
        result(client.get(READ))
    return client


def session_id_of(client) -> str:
    return token_decode(client.tokens["access_token"], expected_type="access")["session_id"]


def test_a_copied_check_costs_no_redis_round_trip(user):
    client = copied(signed_in(user))
    before = mgets()
    for _ in range(5):
        result(client.get(READ))
    assert mgets() == before


def test_a_read_with_its_answer_cache_off_uses_the_copy_too(user, settings):
    """/me names its cached answer's keys for the session check's MGET only while that cache
    is on (AnswerCache.prefetch): with ANSWER_CACHES=false it needs nothing else from Redis."""
    settings.ANSWER_CACHES = False
    client = signed_in(user)
    for _ in range(3):
        result(client.get("/api/v1/me"))
    before = mgets()
    assert result(client.get("/api/v1/me"))["user"]["email"] == user.email
    assert mgets() == before


def test_session_revoked_by_another_process_is_refused_at_once(user, other_process):
    client = copied(signed_in(user))
    session_id = session_id_of(client)
    Session.objects.filter(pk=session_id).update(revoked_at=timezone.now())
    other_process.set(cache.make_key(auth_session_key(session_id)), pickle.dumps(TOMBSTONE), ex=60)
    assert_error(client.get(READ), 401, "AUTH_SESSION_REVOKED")


def test_user_deactivated_by_another_process_is_refused_at_once(user, other_process):
    client = copied(signed_in(user))
    User.objects.filter(pk=user.pk).update(is_active=False)
    other_process.set(cache.make_key(auth_generation_key(user.pk)), pickle.dumps("renewed"), ex=60)
    assert_error(client.get(READ), 403, "AUTH_USER_INACTIVE")


def test_the_revoking_process_forgets_its_own_copies(user):
    phone, laptop = copied(signed_in(user, "Phone")), copied(signed_in(user, "Laptop"))
    result(laptop.post("/api/v1/auth/logout-all"))
    assert_error(phone.get(READ), 401, "AUTH_SESSION_REVOKED")
    assert_error(laptop.get(READ), 401, "AUTH_SESSION_REVOKED")


def test_flush_forgets_every_copy(user):
    client = copied(signed_in(user))
    Session.objects.filter(pk=session_id_of(client)).update(revoked_at=timezone.now())
    cache.clear()  # the entries are gone: the next request checks the database
    assert_error(client.get(READ), 401, "AUTH_SESSION_REVOKED")


def test_a_lost_invalidation_connection_forgets_every_copy(user, other_process):
    """Invalidations sent while the connection was down are lost: so are the copies."""
    client = copied(signed_in(user))
    session_id = session_id_of(client)
    killed = [c["id"] for c in other_process.client_list(_type="pubsub")]
    assert killed, "the process tracks invalidations on a subscribed connection"
    for client_id in killed:
        other_process.client_kill_filter(_id=client_id)
    other_process.set(cache.make_key(auth_session_key(session_id)), pickle.dumps(TOMBSTONE), ex=60)  # nobody is told
    Session.objects.filter(pk=session_id).update(revoked_at=timezone.now())
    assert_error(client.get(READ), 401, "AUTH_SESSION_REVOKED")
    assert_error(client.get(READ), 401, "AUTH_SESSION_REVOKED")  # and again once reconnected


def test_a_fill_racing_an_invalidation_is_dropped(other_process):
    """The MGET read the old entries; the change arrives before the copy is kept: not kept."""
    copies = local_copies()
    prefix = cache.make_key("auth:")
    session_id, user_id = str(uuid.uuid4()), str(uuid.uuid4())
    values, mark = copies.lookup(session_id, user_id, prefix)
    assert values is None and mark is not None
    other_process.set(cache.make_key(auth_session_key(session_id)), pickle.dumps(TOMBSTONE), ex=60)
    time.sleep(0.05)  # on the tracking socket now
    copies.put(mark, session_id, user_id, ("row",), time.time() + 60, prefix)
    assert copies.lookup(session_id, user_id, prefix)[0] is None
    # Without a change in between, the same fill is kept and served.
    _, mark = copies.lookup(session_id, user_id, prefix)
    copies.put(mark, session_id, user_id, ("row",), time.time() + 60, prefix)
    assert copies.lookup(session_id, user_id, prefix)[0] == ("row",)


def test_a_copy_is_kept_only_for_its_session_user_epoch_and_lifetime():
    copies = local_copies()
    prefix = cache.make_key("auth:")
    session_id, user_id = str(uuid.uuid4()), str(uuid.uuid4())
    _, mark = copies.lookup(session_id, user_id, prefix)
    copies.put(mark, session_id, user_id, ("row",), time.time() + 0.2, prefix)
    assert copies.lookup(session_id, str(uuid.uuid4()), prefix)[0] is None  # another user's token
    _, mark = copies.lookup(session_id, user_id, prefix)
    copies.put(mark, session_id, user_id, ("row",), time.time() + 0.2, prefix)
    assert copies.lookup(session_id, user_id, prefix.replace(":auth:", ":x:auth:"))[0] is None  # a new epoch
    _, mark = copies.lookup(session_id, user_id, prefix)
    copies.put(mark, session_id, user_id, ("row",), time.time() + 0.2, prefix)
    assert copies.lookup(session_id, user_id, prefix)[0] == ("row",)
    time.sleep(0.25)
    assert copies.lookup(session_id, user_id, prefix)[0] is None  # outlived the session


# --- Two real gunicorn processes ----------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_logout_on_one_process_is_refused_by_the_other_at_once(tmp_path):
    """Both processes hold a copy of the session check; the logout answers on one of them;
    every request after it, on either process, is refused."""
    from tests.core import test_db_restart as live

    if not live.GUNICORN.exists() or settings.DATABASES["default"]["ENGINE"] != "apps.core.postgresql":
        pytest.skip("needs gunicorn and PostgreSQL (the server reads the test database)")
    with live.live_server(tmp_path, REDIS_URL=settings.REDIS_URL, ANSWER_CACHES="false", AUTH_LOCAL_COPY="true") as server:
        token = live.server_token()
        warm = live.until_both_processes_answer(server, token, seen=0)  # GET /me: no cache key of its own
        assert Counter(warm) == {200: len(warm)}
        assert len({pid for pid, _, _ in server.lines()}) == 2

        logout = httpx.post(f"{server.url}/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=20)
        assert logout.status_code == 200, logout.text
        seen = len(server.lines())
        after = live.until_both_processes_answer(server, token, seen=seen)
        assert len({pid for pid, _, _ in server.lines()[seen:]}) == 2, "both processes answered after the logout"
        assert Counter(after) == {401: len(after)}


def test_without_a_tracking_connection_there_are_no_copies_and_reads_go_on(user, settings, caplog):
    """Redis unreachable for the tracking connection (or refusing CLIENT TRACKING): nothing is
    copied, the session check reads Redis as before, and the connection is retried later."""
    from apps.accounts import localcopy

    broken = localcopy.LocalCopies("redis://127.0.0.1:1/0")  # nothing listens on port 1
    prefix = cache.make_key("auth:")
    assert broken.lookup(str(uuid.uuid4()), str(uuid.uuid4()), prefix) == (None, None)
    assert "cannot track invalidations" in caplog.text
    broken.put(0, "s", "u", ("row",), time.time() + 60, prefix)
    assert broken.lookup("s", "u", prefix) == (None, None)

    cache_redis = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # the copies' own URL; the cache keeps its Redis
    client = signed_in(user)
    for _ in range(2):
        result(client.get(READ))
    before = mgets(cache_redis)
    for _ in range(3):
        result(client.get(READ))
    assert mgets(cache_redis) >= before + 3  # each check read Redis: no copy was kept
