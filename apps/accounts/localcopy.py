"""A per-process copy of the cached session check, kept exact by Redis (issue 19).

A read the answer caches do not serve pays one Redis round trip for its session check
(apps/accounts/cache.py) besides its PostgreSQL query. On a 2-core node a round trip that wakes
another process costs about half a JSON 404 (bench/PROFILE.md, eighth round). So each web
process keeps what that MGET answered, and Redis tells the process when to forget it.

How it forgets: each process holds one Redis connection of its own, which asks for Redis's
server-assisted client-side caching in broadcasting mode. It sends `CLIENT TRACKING ON REDIRECT
<its own id> BCAST PREFIX <the auth keys of the current cache epoch>` (Redis >= 6) and
subscribes to `__redis__:invalidate`. From then on, every change of an `auth:` key made anywhere
is queued on that socket: a tombstone, a renewed user generation, an expiry, a flush. Nothing
reads the socket in the background. A request drains what is queued there (one `poll()` with a
zero timeout, then the messages it finds) before it trusts a copy.

Why a copy is never served after its Redis entries changed:
- A revocation's writes reach Redis before the revoking request answers. Redis queues the
  invalidation for every process when it applies the write, so the invalidation is on every
  process's socket before the client can send its next request (Redis -> web -> client -> web
  is the longer path). The revoking process also forgets its own copies at once (`forget_*`).
- A copy is filled from an MGET only when nothing was invalidated between that MGET and the
  fill (`mark`). A fill that raced a revocation is therefore dropped, never kept.
- Losing the connection forgets every copy: Redis restarted, the connection killed, or its
  output buffer over the limit. So does a new cache epoch, which reconnects with the new
  epoch's prefix. Until the connection is back, every request reads Redis as before (retried
  at most once per RETRY_SECONDS).
- A copy lives no longer than its Redis entries would: AUTH_CACHE_SECONDS, and no longer than
  the session itself.

On only with Redis and AUTH_LOCAL_COPY (default: on with REDIS_URL). Without Redis there is
nothing to copy: the session check is not cached at all across processes.
"""

import contextlib
import logging
import os
import select
import sys
import threading
import time

from django.conf import settings

logger = logging.getLogger("apps.core.cache")

RETRY_SECONDS = 1.0
CHANNEL = b"__redis__:invalidate"


def _original_poll():
    """select.poll as the OS has it, also in a gevent-patched process (gunicorn.conf.py)."""
    if "gevent.monkey" in sys.modules:
        from gevent import monkey

        return monkey.get_original("select", "poll")()
    return select.poll()


class LocalCopies:
    """The copies of one process: {session id: (user id, the user's cached values, expiry)}."""

    def __init__(self, url: str):
        self._url = url
        self._lock = threading.Lock()  # one greenlet or thread drains or changes them at a time
        self._conn = None
        self._poller = None
        self._pid = None
        self._prefix = None  # the tracked prefix (bytes): the auth keys of one cache epoch
        self._retry_at = 0.0
        self._copies: dict[str, tuple] = {}
        self._by_user: dict[str, set[str]] = {}
        # Moves on every invalidation drained and every connection lost: a fill is kept only
        # when it has not moved since the MGET the fill comes from.
        self._changes = 0

    # --- what authentication calls -----------------------------------------------------------
    def lookup(self, session_id: str, user_id: str, prefix: str) -> tuple:
        """(the user's cached values or None, the mark for a later `put`, or None when the
        copies cannot be trusted now)."""
        with self._lock:
            if not self._ready(prefix.encode()):
                return None, None
            copy = self._copies.get(session_id)
            if copy is not None:
                if copy[0] == user_id and copy[2] > time.time():
                    return copy[1], None
                self._forget_session(session_id)
            return None, self._changes

    def put(self, mark, session_id: str, user_id: str, values: tuple, expires_at: float, prefix: str) -> None:
        """Keep what the MGET read after `lookup` gave `mark`, unless anything changed since."""
        with self._lock:
            if mark is None or not self._ready(prefix.encode()) or self._changes != mark:
                return
            self._copies[session_id] = (user_id, values, expires_at)
            self._by_user.setdefault(user_id, set()).add(session_id)

    # --- what this process's revocations call (Redis tells the other processes) ---------------
    def forget_sessions(self, session_ids) -> None:
        with self._lock:
            for session_id in session_ids:
                self._forget_session(str(session_id))
            self._changes += 1

    def forget_user(self, user_id) -> None:
        with self._lock:
            self._forget_user(str(user_id))
            self._changes += 1

    # --- inside the lock ---------------------------------------------------------------------
    def _ready(self, prefix: bytes) -> bool:
        """Connected, tracking `prefix`, and every invalidation queued so far applied."""
        if self._pid != os.getpid() or (self._conn is not None and self._prefix != prefix):
            self._disconnect()  # a forked child, or a new cache epoch
            self._pid = os.getpid()
        if self._conn is None and not self._connect(prefix):
            return False
        try:
            if self._poller.poll(0):  # something queued (or the connection closed): drain it all
                while self._conn.can_read(timeout=0):
                    self._apply(self._conn.read_response())
        except Exception as exc:  # noqa: BLE001 - any failure of the socket means: forget all
            logger.warning("auth copies: invalidation connection lost (%s); every copy forgotten", exc)
            self._disconnect()
            return False
        return True

    def _connect(self, prefix: bytes) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        import redis

        conn = redis.Redis.from_url(
            self._url, protocol=2, socket_timeout=0.5, socket_connect_timeout=0.5
        ).connection_pool.make_connection()
        try:
            conn.connect()
            conn.send_command("CLIENT", "ID")
            own_id = conn.read_response()
            conn.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", "PREFIX", prefix)
            conn.read_response()
            conn.send_command("SUBSCRIBE", CHANNEL)
            conn.read_response()
        except Exception as exc:  # noqa: BLE001 - Redis down, too old, or CLIENT not allowed
            logger.warning("auth copies: cannot track invalidations (%s); retrying in %.0f s", exc, RETRY_SECONDS)
            with contextlib.suppress(Exception):  # a half-set-up connection is not kept open
                conn.disconnect()
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return False
        # Polled with the unpatched poll(): one syscall per request. Under gevent redis-py's own
        # check (`can_read`) goes through the hub and cost 3 % of a list read (py-spy).
        self._poller = _original_poll()
        self._poller.register(conn._sock, select.POLLIN)
        self._conn, self._prefix = conn, prefix
        return True

    def _disconnect(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # it is being dropped anyway
                self._conn.disconnect()
        self._conn = self._prefix = self._poller = None
        self._copies.clear()
        self._by_user.clear()
        self._changes += 1

    def _apply(self, message) -> None:
        """One `__redis__:invalidate` message: the keys changed, or None for a flush."""
        if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
            return
        self._changes += 1
        keys = message[2]
        if keys is None:
            self._copies.clear()
            self._by_user.clear()
            return
        start = len(self._prefix)
        for key in keys:
            kind, _, owner = key[start:].decode().partition(":")
            if kind == "session":
                self._forget_session(owner)
            else:  # the user's cached row or its generation (AUTH_USER)
                self._forget_user(owner)

    def _forget_session(self, session_id: str) -> None:
        copy = self._copies.pop(session_id, None)
        if copy is not None:
            sessions = self._by_user.get(copy[0])
            if sessions is not None:
                sessions.discard(session_id)
                if not sessions:
                    del self._by_user[copy[0]]

    def _forget_user(self, user_id: str) -> None:
        for session_id in self._by_user.pop(user_id, ()):
            self._copies.pop(session_id, None)


_copies: dict[str, LocalCopies] = {}


def local_copies() -> LocalCopies | None:
    """This process's copies, or None when they are off."""
    url = getattr(settings, "REDIS_URL", "")
    if not url or not getattr(settings, "AUTH_LOCAL_COPY", False):
        return None
    found = _copies.get(url)
    if found is None:
        found = _copies[url] = LocalCopies(url)
    return found
