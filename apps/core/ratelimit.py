"""Atomic sliding-window request limits.

A limit of N hits per W seconds is N *slots* per identifier. A hit claims a free slot with an
atomic "add if absent" (`cache.add`: Redis SET NX, or the local-memory cache's locked add)
that lives exactly W seconds and holds the hit's time; no free slot means 429 RATE_LIMITED with
`Retry-After` = the time until the oldest slot frees. So no more than N hits ever fall in any
W seconds — also across what a fixed window would call a boundary — and N concurrent callers
cannot overshoot (each needs its own successful add). A limit lifts by itself W seconds after
the hits that filled it: no permanent lockout. A hit reads N keys at once (one `get_many`), so
the scheme is meant for the small limits of guessable secrets and mails (N <= a few hundred).

Cache outage policy: the limits HOLD. When the cache does not answer (django-redis with
IGNORE_EXCEPTIONS answers None), the same slots are kept in the database (`RateLimitSlot`,
claimed by INSERT on a unique key or a conditional UPDATE of an expired slot), so guessing
passwords, codes or reset tokens stays limited during a Redis outage while the API keeps
answering. After a failure the cache is skipped for `CACHE_RETRY_SECONDS` (no timeout per hit).
"""

import contextlib
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction

from .exceptions import RateLimited

logger = logging.getLogger("apps.core.ratelimit")

CACHE_RETRY_SECONDS = 10.0
_cache_blind_until = 0.0


def _base_key(scope: str, ident: str, window: int) -> str:
    # The identifier (an email, an IP) is hashed: no personal data and no odd characters in keys.
    digest = hashlib.sha256(str(ident).encode("utf-8", "replace")).hexdigest()[:40]
    return f"rl:{scope}:{digest}:{window}"


class CacheBlind(Exception):
    """The cache did not answer; the database keeps the count instead."""


def _cache_claim(base: str, limit: int, window: int, now: float) -> tuple[str | None, float | None]:
    """(claimed key, None) or (None, oldest hit time). Raises CacheBlind when the cache is down."""
    keys = [f"{base}:{index}" for index in range(limit)]
    try:
        taken = cache.get_many(keys)
    except Exception as exc:  # a cache without redis' ignore switch
        raise CacheBlind() from exc
    if not isinstance(taken, dict) or not all(isinstance(value, float | int) for value in taken.values()):
        raise CacheBlind()
    for key in keys:
        held = taken.get(key)
        if held is not None and float(held) > now - window:
            continue
        if held is not None:  # outlived its window (the cache's clock lags ours): free it
            with contextlib.suppress(Exception):
                cache.delete(key)
        try:
            added = cache.add(key, now, timeout=window + 1)
        except Exception as exc:
            raise CacheBlind() from exc
        if added is None:  # django-redis with IGNORE_EXCEPTIONS: the server is down
            raise CacheBlind()
        if added:
            return key, None
    times = [float(value) for value in taken.values() if value is not None]
    return None, (min(times) if times else now)


def _db_claim(base: str, limit: int, window: int, now: float) -> tuple[tuple | None, float | None]:
    from .models import RateLimitSlot

    cutoff = now - window
    with transaction.atomic():
        taken = dict(RateLimitSlot.objects.filter(key=base).values_list("index", "hit_at"))
        for index in range(limit):
            held = taken.get(index)
            if held is None:
                try:
                    with transaction.atomic():
                        RateLimitSlot.objects.create(key=base, index=index, hit_at=now)
                except IntegrityError:  # a parallel hit took it
                    continue
                return (base, index, now), None
            if held <= cutoff and RateLimitSlot.objects.filter(key=base, index=index, hit_at__lte=cutoff).update(
                hit_at=now
            ):
                return (base, index, now), None
    return None, min(taken.values(), default=now)


@dataclass(frozen=True)
class Reservation:
    """One counted hit; `release()` gives it back (e.g. a signin that turned out correct)."""

    cache_key: str | None = None
    db_slot: tuple | None = None
    hit_at: float | None = None

    def release(self) -> None:
        # The window may have ended or the store be gone: then there is nothing to give back.
        if self.cache_key is not None:
            with contextlib.suppress(Exception):
                if cache.get(self.cache_key) == self.hit_at:
                    cache.delete(self.cache_key)
        elif self.db_slot is not None:
            from .models import RateLimitSlot

            key, index, hit_at = self.db_slot
            with contextlib.suppress(Exception):
                RateLimitSlot.objects.filter(key=key, index=index, hit_at=hit_at).delete()


def limit_hit(*, scope: str, ident: str, limit: int, window: int) -> Reservation:
    """Count one hit of `ident` in `scope`; 429 RATE_LIMITED when `limit` hits already fall in
    the last `window` seconds. The hit is counted before any work is done, so N concurrent
    callers get at most `limit` passes."""
    global _cache_blind_until
    now = time.time()
    base = _base_key(scope, ident, window)
    if time.monotonic() >= _cache_blind_until:
        try:
            key, oldest = _cache_claim(base, limit, window, now)
        except CacheBlind:
            _cache_blind_until = time.monotonic() + CACHE_RETRY_SECONDS
            logger.warning("rate limit cache unavailable; counting in the database (%s)", scope)
        else:
            if key is None:
                raise RateLimited(max(1, math.ceil(oldest + window - now)))
            return Reservation(cache_key=key, hit_at=now)
    slot, oldest = _db_claim(base, limit, window, now)
    if slot is None:
        raise RateLimited(max(1, math.ceil(oldest + window - now)))
    return Reservation(db_slot=slot)


def cooldown_hit(*, scope: str, ident: str, seconds: int) -> None:
    """At most one pass per `seconds` for `ident` (e.g. one mail per minute per address);
    429 RATE_LIMITED with the time left otherwise."""
    limit_hit(scope=scope, ident=ident, limit=1, window=seconds)


def rate_limit_slots_purge(*, older_than_seconds: int = 24 * 3600) -> int:
    """Delete database slots no window can still need (they only exist after a cache outage)."""
    from .models import RateLimitSlot

    deleted, _ = RateLimitSlot.objects.filter(hit_at__lt=time.time() - older_than_seconds).delete()
    return deleted
