"""Cache reads that ride on authentication's round trip.

A hot view may name the cache keys it is about to read (`cache_prefetch(user_id) -> [key]`,
a view attribute); JWTSessionAuthentication fetches them in the same MGET as the session check
and leaves them on the request. The view hands a value to its selector, which falls back to
its own `cache.get` when it gets None. One Redis round trip per request instead of two
(bench/PROFILE.md)."""

from django.core.cache import cache

from .caching import answer_caches_on


def prefetch_keys(view, user_id) -> list[str]:
    declare = getattr(view, "cache_prefetch", None)
    return list(declare(user_id)) if declare is not None else []


def prefetched(request, key):
    """The value authentication fetched for `key`, or None (not asked for, or not cached)."""
    found = getattr(request, "cache_prefetched", None)
    return found.get(key) if found else None


def prefetched_many(request, keys) -> dict:
    """{key: value or None}: what authentication fetched, or one `get_many` when it fetched
    none of them (no session cache: AUTH_CACHE_SECONDS=0)."""
    found = getattr(request, "cache_prefetched", None) or {}
    if not answer_caches_on():  # nobody reads them (apps/core/usercache.py)
        return dict.fromkeys(keys)
    if all(key in found for key in keys):
        return {key: found[key] for key in keys}
    values = cache.get_many(keys)
    return {key: values.get(key) for key in keys}
