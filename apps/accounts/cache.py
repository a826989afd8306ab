"""The cached `/me` document: `me:user:{user_id}`, 60 s, dropped on every change to it."""

from django.core.cache import cache
from django.db import transaction

ME_CACHE_SECONDS = 60


def me_cache_key(user_id) -> str:
    return f"me:user:{user_id}"


def me_cache_drop(user_id) -> None:
    """Drop now and again after commit, so a reader racing the transaction cannot re-cache
    the old document."""
    key = me_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
