"""The cached `/me` document: `me:user:{user_id}`, 60 s, dropped on every change to it; and
the cached session check of authentication (below)."""

import time

from django.conf import settings
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


# --- Authentication ------------------------------------------------------------------------
# A request's session check is one cache round trip (MGET of two keys) instead of a database
# query: `auth:session:{session_id}` = (user_id, expires_at timestamp) and `auth:user:{user_id}`
# = the user row's values (without the password hash and the daily tip). Both are filled with
# `add` (never overwriting) after a database check, for AUTH_CACHE_SECONDS.
#
# Revocation stays immediate: every write that ends a session or changes the user row
# replaces the key with a tombstone (for AUTH_CACHE_SECONDS, now and again after commit).
# A tombstone sends the request to the database check, and since fills only `add`, a reader
# that checked the database just before the revoking transaction committed cannot put the
# old state back. Ending all of a user's sessions, a password change, deactivation and
# deletion tombstone the user key, which every session of that user needs.
#
# The cache must be shared by every web process (Redis): with the per-process local-memory
# cache a revocation in one process could not reach another, so AUTH_CACHE_SECONDS defaults
# to 0 (off) without REDIS_URL (settings).

TOMBSTONE = "revoked"
# The user row minus the password hash (never copied into the cache) and the daily tip (large,
# read only by esoterics on a cache miss): both stay deferred and load on first access.
AUTH_USER_DEFERRED = frozenset({"password", "daily_tip_cache"})


def auth_cache_seconds() -> int:
    return int(getattr(settings, "AUTH_CACHE_SECONDS", 0) or 0)


def auth_session_key(session_id) -> str:
    return f"auth:session:{session_id}"


def auth_user_key(user_id) -> str:
    return f"auth:user:{user_id}"


_fields_of: dict = {}


def _user_fields(model) -> list:
    fields = _fields_of.get(model)
    if fields is None:
        fields = _fields_of[model] = [f for f in model._meta.concrete_fields if f.attname not in AUTH_USER_DEFERRED]
    return fields


def auth_cache_get(*, session_id, user_id, model, also: list[str] = ()):
    """The cached user of a live session, or None (a miss, a tombstone, an expired session,
    a mismatch or an inactive user: the caller then checks the database); and the values of
    the `also` keys, read in the same round trip ({key: value or None})."""
    if not auth_cache_seconds():
        return None, {}
    session_key, user_key = auth_session_key(session_id), auth_user_key(user_id)
    found = cache.get_many([session_key, user_key, *also])
    extra = {key: found.get(key) for key in also}
    session, values = found.get(session_key), found.get(user_key)
    if not isinstance(session, tuple) or not isinstance(values, tuple):
        return None, extra
    cached_user_id, expires_at = session
    if cached_user_id != str(user_id) or expires_at <= time.time():
        return None, extra
    fields = _user_fields(model)
    if len(values) != len(fields):  # cached by another version of the model
        return None, extra
    user = model.from_db("default", {f.attname for f in fields}, values)
    return (user if user.is_active else None), extra


def auth_cache_fill(*, session, user) -> None:
    """After a successful database check: cache the session and the user (never replacing a
    tombstone or a newer entry)."""
    seconds = auth_cache_seconds()
    if not seconds:
        return
    expires_at = session.expires_at.timestamp()
    seconds = min(seconds, int(expires_at - time.time()))
    if seconds <= 0:
        return
    values = tuple(getattr(user, f.attname) for f in _user_fields(type(user)))
    cache.add(auth_session_key(session.pk), (str(session.user_id), expires_at), seconds)
    cache.add(auth_user_key(user.pk), values, auth_cache_seconds())


def _tombstone(keys: list[str]) -> None:
    seconds = auth_cache_seconds()
    if not seconds or not keys:
        return
    entries = dict.fromkeys(keys, TOMBSTONE)
    cache.set_many(entries, seconds)
    transaction.on_commit(lambda: cache.set_many(entries, seconds))


def auth_cache_revoke_sessions(session_ids) -> None:
    """One or more sessions ended (logout, session delete, refresh reuse, admin)."""
    _tombstone([auth_session_key(sid) for sid in session_ids])


def auth_cache_revoke_user(user_id) -> None:
    """Every session of the user is to be checked in the database again: all sessions ended,
    password changed or reset, user deactivated, changed or deleted."""
    _tombstone([auth_user_key(user_id)])
