"""Atomic request limits kept in the cache: `cache.add` + `cache.incr` (Redis INCR, or the
local-memory cache's locked increment). DRF's throttles read, compare and then write, so under
concurrency they let more requests through than the limit; a counter incremented first and
compared afterwards cannot.

Windows are fixed and aligned to the clock (`floor(now / window)` is part of the key), so a
limit always lifts when its window ends — there is no permanent lockout — and `Retry-After` is
the time left in the window.

Cache outage policy: FAIL OPEN. With Redis down django-redis (IGNORE_EXCEPTIONS) answers
None; the limiter then logs a warning and lets the request through. The API must keep answering
when Redis is down (SECURITY.md 34); passwords stay protected by the slow Argon2 hash, and the
outage is visible on the status page and in the logs.
"""

import contextlib
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from .exceptions import RateLimited

logger = logging.getLogger("apps.core.ratelimit")


def _key(scope: str, ident: str, suffix: str) -> str:
    # The identifier (an email, an IP) is hashed: no personal data and no odd characters in keys.
    digest = hashlib.sha256(str(ident).encode("utf-8", "replace")).hexdigest()[:40]
    return f"rl:{scope}:{digest}:{suffix}"


def _incr(key: str, timeout: int) -> int | None:
    """Atomically count one more hit; None when the cache is unavailable."""
    for _ in range(2):
        try:
            cache.add(key, 0, timeout=timeout)
            value = cache.incr(key)
        except ValueError:  # expired between add and incr: try once more
            continue
        except Exception:  # a cache without redis' ignore switch
            value = None
        if value is None:
            logger.warning("rate limit cache unavailable; failing open (%s)", key.split(":")[1])
        return value
    return None


@dataclass(frozen=True)
class Reservation:
    """One counted hit; `release()` gives it back (e.g. a signin that turned out correct)."""

    key: str | None

    def release(self) -> None:
        if self.key is None:
            return
        # The window may have ended or the cache be gone: then there is nothing to give back.
        with contextlib.suppress(Exception):
            cache.decr(self.key)


def limit_hit(*, scope: str, ident: str, limit: int, window: int) -> Reservation:
    """Count one hit of `ident` in `scope`; 429 RATE_LIMITED once more than `limit` hits fall
    in the current `window` seconds. The hit is counted before any work is done, so N
    concurrent callers get at most `limit` passes."""
    now = time.time()
    bucket = int(now // window)
    key = _key(scope, ident, f"{window}:{bucket}")
    count = _incr(key, window + 1)
    if count is None:
        return Reservation(None)
    if count > limit:
        raise RateLimited(math.ceil((bucket + 1) * window - now))
    return Reservation(key)


def cooldown_hit(*, scope: str, ident: str, seconds: int) -> None:
    """At most one pass per `seconds` for `ident` (e.g. one mail per minute per address);
    429 RATE_LIMITED with the time left otherwise."""
    now = time.time()
    key = _key(scope, ident, "cooldown")
    try:
        added = cache.add(key, now, timeout=seconds)
        if added:
            return
        last = cache.get(key)
    except Exception:  # noqa: BLE001
        added, last = None, None
    if added is None and last is None:
        logger.warning("rate limit cache unavailable; failing open (%s)", scope)
        return
    if last is None or now - float(last) >= seconds:
        # The key outlived the period (the cache's clock and ours disagree): start a new one.
        cache.set(key, now, timeout=seconds)
        return
    raise RateLimited(math.ceil(seconds - (now - float(last))))
