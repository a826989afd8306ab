"""Cache writes that must survive a racing reader: done now and again after commit.

A reader that ran its query before the writer's transaction committed may cache the old
value after the writer dropped it; doing the write again once the transaction commits (or at
once outside a transaction) leaves the new state in the cache."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def answer_caches_on() -> bool:
    """Whether reads may answer from a cache of their answer (first pages, /me, areas, the
    leaderboard, wants progress, rituals today, the gamification profile). ANSWER_CACHES=false
    turns them all off — `make bench` measures every read that way too, so a cache cannot
    hide a slow path; the session check's cache (AUTH_CACHE_SECONDS) is not one of them."""
    return getattr(settings, "ANSWER_CACHES", True)


def now_and_after_commit(write: Callable[[], object]) -> None:
    write()
    transaction.on_commit(write)


def cache_drop(*keys: str) -> None:
    """Delete `keys` now and again after commit."""
    now_and_after_commit(lambda: cache.delete_many(keys))
