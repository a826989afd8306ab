"""The cache epoch: after a cache write that failed, no node serves an entry written before it.

Cached answers (the session check, /me, the per-user answers, first pages, areas...) stay
correct because every write they depend on drops or renews them (apps/core/caching.py). When
Redis cannot be reached, that drop fails while the database change succeeds; once Redis
answers again the old entry would revive on every node. So:

- Every cache key carries the epoch (`cache_key`, the KEY_FUNCTION of settings.CACHES), a
  random token kept in the database (`CacheEpoch`, one row). Keys that never need dropping
  are exempt (`EXEMPT_PREFIXES`: rate-limit slots, AI job outcomes).
- A drop or renewal that fails sets a new epoch in the database, in the same transaction as
  the change it could not reflect (`epoch_bump`). Every entry of the old epoch is then
  unreachable: a new key generation for every node, whatever Redis still holds.
- A node reads the epoch from the database at most once per CACHE_EPOCH_SECONDS (a cheap
  in-process check per request; one primary-key query per interval, not per request) and pins
  it for the whole request, so a request fills the cache under the epoch it read BEFORE its
  queries (a fill that raced a bump is unreachable on arrival). A write that drops entries
  reads the epoch first, so it drops what the up-to-date nodes read.
- A request whose drop failed answers only CACHE_EPOCH_SECONDS after its bump committed
  (`_hold`, outside the request gate): by then every node has read the new epoch before it
  trusts the cache again, so whatever a client does after that answer — on any node — sees
  the change. Revocation stays immediate. The hold costs only writes made while Redis is
  unreachable.

CACHE_EPOCH_SECONDS=0 (the default without REDIS_URL, and in the test settings) turns this
off: the epoch is then the constant "0" (a local-memory cache never fails a write).
"""

import contextlib
import contextvars
import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.db import DatabaseError, connection, transaction

logger = logging.getLogger("apps.core.cache")

# Keys written once and never dropped: no stale answer can come from them, and the web and
# the worker must agree on them even while their epochs differ for a moment.
EXEMPT_PREFIXES = ("rl:", "ai:job:")
OFF = "0"

_pinned: contextvars.ContextVar[str | None] = contextvars.ContextVar("cache_epoch", default=None)
_lock = threading.Lock()
_refresh_lock = threading.Lock()  # one read per process when the view goes stale, not one per request
_known = {"epoch": OFF, "checked_at": None}  # checked_at: time.monotonic() when the read STARTED
_local = threading.local()


def epoch_seconds() -> float:
    return float(getattr(settings, "CACHE_EPOCH_SECONDS", 0) or 0)


def _read() -> str:
    from .models import CacheEpoch

    if connection.vendor != "postgresql":
        return CacheEpoch.objects.filter(pk=CacheEpoch.SINGLETON).values_list("token", flat=True).first() or OFF
    return _read_own_connection(CacheEpoch) or OFF


# On PostgreSQL the epoch is read on a connection of its own, one per process, outside the pool:
# under a burst every pooled connection is taken and requests queue for one in arrival order,
# and a read behind that queue held every request of the process (measured: GET /me max 2.3 s
# while 256 AI jobs were created, 0.9 s with the epoch off; bench/ai.py).
_own = {"pid": None, "conn": None}
_own_lock = threading.Lock()


def _read_own_connection(model) -> str | None:
    import psycopg

    with _own_lock:
        conn = _own["conn"] if _own["pid"] == os.getpid() else None
        try:
            if conn is None or conn.closed:
                params = connection.get_connection_params()
                conn = psycopg.connect(**{**params, "autocommit": True})
                _own.update(pid=os.getpid(), conn=conn)
            table = connection.ops.quote_name(model._meta.db_table)
            row = conn.execute(f"SELECT token FROM {table} WHERE id = %s", [model.SINGLETON]).fetchone()  # noqa: S608
        except psycopg.Error as exc:
            if conn is not None:
                conn.close()
            _own.update(pid=None, conn=None)
            raise DatabaseError(str(exc)) from exc
    return row[0] if row else None


def own_connection_close() -> None:
    """Close this process' epoch connection (tests, before the test database is dropped)."""
    with _own_lock:
        if _own["conn"] is not None:
            _own["conn"].close()
        _own.update(pid=None, conn=None)


def epoch_refresh() -> str:
    """Read the epoch from the database now (a write about to drop entries, a stale view)."""
    started = time.monotonic()
    try:
        epoch = _read()
    except DatabaseError:  # the database is down: nothing can change meanwhile either
        logger.warning("cache epoch: could not read it; keeping %s", _known["epoch"])
        return _known["epoch"]
    with _lock:
        if _known["checked_at"] is None or started >= _known["checked_at"]:
            _known.update(epoch=epoch, checked_at=started)
    return epoch


def epoch_current() -> str:
    """The epoch this request pinned, else the process' view (read again when older than
    CACHE_EPOCH_SECONDS)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    seconds = epoch_seconds()
    if not seconds:
        return OFF
    checked_at = _known["checked_at"]
    if checked_at is None or time.monotonic() - checked_at > seconds:
        # The requests arriving meanwhile wait for that one read instead of each sending its own.
        with _refresh_lock:
            checked_at = _known["checked_at"]
            if checked_at is None or time.monotonic() - checked_at > seconds:
                return epoch_refresh()
    return _known["epoch"]


def cache_key(key: str, key_prefix: str, version) -> str:
    """settings.CACHES' KEY_FUNCTION: Django's `prefix:version:key` with the epoch in front of
    the key."""
    if key.startswith(EXEMPT_PREFIXES):
        return f"{key_prefix}:{version}:{key}"
    return f"{key_prefix}:{version}:e{epoch_current()}:{key}"


@contextlib.contextmanager
def epoch_fresh():
    """Within: keys use the epoch as the database has it now, not the request's pinned one."""
    token = _pinned.set(epoch_refresh() if epoch_seconds() else OFF)
    try:
        yield
    finally:
        _pinned.reset(token)


class CacheEpochMiddleware:
    """One epoch per request (pinned before any cache read, see above); and a request whose
    cache drop failed answers only CACHE_EPOCH_SECONDS after its last epoch change committed
    (one hold however many drops failed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _pinned.set(None)
        pinned = _pinned.set(epoch_current())
        _local.in_request, _local.visible_at = True, 0.0
        try:
            return self.get_response(request)
        finally:
            _local.in_request = False
            _pinned.reset(pinned)
            _hold()


def epoch_bump(reason: str) -> None:
    """A cache write failed: a new epoch, committed with the current transaction (or at once),
    and this request answers only once every node must have read it."""
    seconds = epoch_seconds()
    if not seconds:
        logger.warning("cache write failed (%s); CACHE_EPOCH_SECONDS=0: entries may stay stale", reason)
        return
    from .models import CacheEpoch

    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is _committed for _, func, _ in connection.run_on_commit):
        return  # this transaction moves the epoch already
    token = uuid.uuid4().hex[:16]
    try:
        CacheEpoch.objects.update_or_create(pk=CacheEpoch.SINGLETON, defaults={"token": token})
    except DatabaseError:
        logger.exception("cache write failed (%s) and the cache epoch could not be moved", reason)
        raise
    logger.warning("cache write failed (%s): new cache epoch %s", reason, token)
    # The rest of this request reads and fills under the new epoch too: the entry that could
    # not be dropped must not answer this very request (a rolled-back token is never used).
    _pinned.set(token)
    transaction.on_commit(_committed)


def _committed() -> None:
    _local.visible_at = time.monotonic()
    epoch_refresh()
    if not getattr(_local, "in_request", False):  # a task, a command: hold here
        _hold()


def _hold() -> None:
    """Answer only when every node has read the epoch committed at `visible_at`."""
    visible_at, _local.visible_at = getattr(_local, "visible_at", 0.0), 0.0
    remaining = visible_at + epoch_seconds() - time.monotonic() if visible_at else 0
    if remaining > 0:
        time.sleep(remaining)  # a greenlet under gunicorn's gevent workers: nothing else waits
