"""Cache reads that ride on authentication's round trip.

A hot view may name the cache keys it is about to read (`cache_prefetch(user_id) -> [key]`,
a view attribute: its AnswerCache's `prefetch()`, nothing while that cache is off);
JWTSessionAuthentication fetches them in the same MGET as the session check and leaves them on
the request. The view hands them to its selector, whose AnswerCache reads them itself when they
are not all there (no session cache: AUTH_CACHE_SECONDS=0). One Redis round trip per request
instead of two (bench/PROFILE.md); none for a view that prefetches nothing and whose session
check this process holds a copy of (apps/accounts/localcopy.py)."""


def prefetch_keys(view, user_id) -> list[str]:
    declare = getattr(view, "cache_prefetch", None)
    return list(declare(user_id)) if declare is not None else []


def prefetched(request) -> dict | None:
    """{key: value or None} of what authentication fetched, or None (nothing fetched)."""
    return getattr(request, "cache_prefetched", None) or None
