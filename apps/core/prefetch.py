"""Cache reads that ride on authentication's round trip.

A hot view may name the cache keys it is about to read (`cache_prefetch(user_id) -> [key]`,
a view attribute); JWTSessionAuthentication fetches them in the same MGET as the session check
and leaves them on the request. The view hands a value to its selector, which falls back to
its own `cache.get` when it gets None. One Redis round trip per request instead of two
(bench/PROFILE.md)."""


def prefetch_keys(view, user_id) -> list[str]:
    declare = getattr(view, "cache_prefetch", None)
    return list(declare(user_id)) if declare is not None else []


def prefetched(request, key):
    """The value authentication fetched for `key`, or None (not asked for, or not cached)."""
    found = getattr(request, "cache_prefetched", None)
    return found.get(key) if found else None
