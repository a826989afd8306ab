"""Cache writes that must survive a racing reader and an unreachable cache (the answer caches'
renewals, apps/core/usercache.py, and the session check's tombstones, apps/accounts/cache.py).

A reader that ran its query before the writer's transaction committed may cache the old
value after the writer dropped it; doing the write again once the transaction commits (or at
once outside a transaction) leaves the new state in the cache.

A drop that does not reach the cache (Redis unreachable: django-redis' IGNORE_EXCEPTIONS would
hide it) moves the cache epoch instead (apps/core/cacheepoch.py): the change still succeeds in
the database, and no node serves an entry written before it once Redis answers again."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction

from .cacheepoch import epoch_bump, epoch_fresh


def strict_cache() -> BaseCache:
    """The default cache with its errors raised: django-redis' client (its cache object logs
    and ignores them), or the cache itself (local memory raises nothing)."""
    backend = caches["default"]
    return getattr(backend, "client", None) or backend


def _write(write: Callable[[BaseCache], object], reason: str) -> bool:
    """Run `write(strict cache)`; False (and a new cache epoch) when it failed."""
    try:
        with epoch_fresh():  # drop what the up-to-date nodes read
            write(strict_cache())
    except Exception:  # noqa: BLE001 - any failure of the cache: it may hold stale entries
        epoch_bump(reason)
        return False
    return True


def now_and_after_commit(write: Callable[[BaseCache], object], reason: str = "drop") -> None:
    """`write(cache)` now and again after commit. When the first write fails the epoch moves
    with this transaction, which makes the second one pointless."""
    if _write(write, reason):
        transaction.on_commit(lambda: _write(write, reason))


def answer_caches_on() -> bool:
    """Whether reads may answer from a cache of their answer (every optional AnswerCache of
    apps/core/usercache.py). ANSWER_CACHES=false turns them all off — `make bench` measures
    every read that way too, so a cache cannot hide a slow path; the session check's cache
    (AUTH_CACHE_SECONDS) is not one of them."""
    return getattr(settings, "ANSWER_CACHES", True)
