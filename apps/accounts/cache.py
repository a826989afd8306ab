"""The cached `/me` document and the cached session check of authentication (below), both
answer caches of apps/core/usercache.py."""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from apps.core.caching import now_and_after_commit
from apps.core.usercache import MISS, AnswerCache

from .localcopy import local_copies

# GET /me, 60 s; renewed by every change to what it shows: the accounts services
# (`user_changed`) and, through apps.core.registry's user-change hook, quota charges.
ME_CACHE = AnswerCache("me", 60)


def me_cache_renew(user_id) -> None:
    ME_CACHE.renew(user_id)


# --- Authentication ------------------------------------------------------------------------
# A request's session check is one cache round trip (one MGET) instead of a database query:
#   auth:session:{session_id} = (user_id, expires_at timestamp), or the tombstone "revoked"
#   AUTH_USER (apps/core/usercache.py): auth:answer:{user_id} = (generation, (), the user
#       row's values without the password hash and the daily tip), auth:gen:{user_id}
# Entries are filled after a successful database check, for AUTH_CACHE_SECONDS.
#
# Revocation stays immediate, and no reader racing it can put the old state back:
# - Ending a session replaces its key with a tombstone (now and again after commit) and the
#   session key is filled only with `add`, which never replaces one. A revoked session never
#   comes back, so the tombstone costs nothing.
# - Any change of the user row (deactivation, deletion, password, ending all sessions,
#   profile, plan) renews the user's generation: the user entry is an answer cache like any
#   other, filled under the generation read BEFORE the database check, so a fill that raced
#   a change is stale on arrival. The next request caches the new state at once.
#
# The cache must be shared by every web process (Redis): with the per-process local-memory
# cache a revocation in one process could not reach another, so AUTH_CACHE_SECONDS defaults
# to 0 (off) without REDIS_URL (settings).

TOMBSTONE = "revoked"
# Not switched off by ANSWER_CACHES (AUTH_CACHE_SECONDS does); lifetime: AUTH_CACHE_SECONDS.
AUTH_USER = AnswerCache("auth", optional=False)
# The user row minus the password hash (never copied into the cache) and the daily tip (large,
# read only by esoterics on a cache miss): both stay deferred and load on first access.
AUTH_USER_DEFERRED = frozenset({"password", "daily_tip_cache"})


def auth_cache_seconds() -> int:
    return int(getattr(settings, "AUTH_CACHE_SECONDS", 0) or 0)


def auth_session_key(session_id) -> str:
    return f"auth:session:{session_id}"


def auth_user_key(user_id) -> str:
    return AUTH_USER.keys(user_id)[0]


def auth_generation_key(user_id) -> str:
    return AUTH_USER.keys(user_id)[1]


_fields_of: dict = {}


def _user_fields(model) -> tuple[list, frozenset]:
    """The cached user's fields and their attnames (what `Model.from_db` is given), per model."""
    found = _fields_of.get(model)
    if found is None:
        fields = [f for f in model._meta.concrete_fields if f.attname not in AUTH_USER_DEFERRED]
        found = _fields_of[model] = (fields, frozenset(f.attname for f in fields))
    return found


@dataclass
class AuthLookup:
    user: object = None  # the cached user of a live session, else None: check the database
    generation: str | None = None  # the user's generation as read, for the fill after that check
    also: dict = field(default_factory=dict)  # {key: value or None} of the extra keys asked for


def auth_cache_get(*, session_id, user_id, model, also=()) -> AuthLookup:
    """One MGET: the session's and the user's entries, the user's generation and the `also`
    keys. `user` is None on a miss, a tombstone, an older generation, an expired session, a
    mismatch or an inactive user."""
    seconds = auth_cache_seconds()
    if not seconds:
        return AuthLookup()
    # This process's copy first (apps/accounts/localcopy.py), for a view that needs nothing
    # else from Redis; `mark` lets the MGET below fill it.
    copies = local_copies() if not also else None
    mark = None
    if copies is not None:
        prefix = cache.make_key("auth:")
        values, mark = copies.lookup(str(session_id), str(user_id), prefix)
        if values is not None:
            return AuthLookup(user=_user_of(model, values))
    session_key = auth_session_key(session_id)
    found = AUTH_USER.read(user_id, also=[session_key, *also])
    values, generation = AUTH_USER.lookup(user_id, found=found)
    lookup = AuthLookup(generation=generation, also={key: found[key] for key in also})
    session = found[session_key]
    if not isinstance(session, tuple) or values is MISS:
        return lookup
    cached_user_id, expires_at = session
    if cached_user_id != str(user_id) or expires_at <= time.time():
        return lookup
    if len(values) != len(_user_fields(model)[0]):  # cached by another version of the model
        return lookup
    lookup.user = _user_of(model, values)
    if lookup.user is not None and mark is not None:
        copies.put(mark, str(session_id), cached_user_id, values, min(expires_at, time.time() + seconds), prefix)
    return lookup


def _user_of(model, values):
    """A new instance of the cached user row (a request may change its own), None if inactive."""
    user = model.from_db("default", _user_fields(model)[1], values)
    return user if user.is_active else None


def auth_cache_fill(*, session, user, generation) -> None:
    """After a successful database check: cache the session (never over a tombstone) and the
    user under the generation read before that check."""
    seconds = auth_cache_seconds()
    if not seconds:
        return
    expires_at = session.expires_at.timestamp()
    session_seconds = min(seconds, int(expires_at - time.time()))
    if session_seconds <= 0:
        return
    values = tuple(getattr(user, f.attname) for f in _user_fields(type(user))[0])
    cache.add(auth_session_key(session.pk), (str(session.user_id), expires_at), session_seconds)
    AUTH_USER.fill(user.pk, generation=generation, body=values, seconds=seconds)


def auth_cache_revoke_sessions(session_ids) -> None:
    """One or more sessions ended (logout, session delete, refresh reuse, admin)."""
    seconds = auth_cache_seconds()
    entries = {auth_session_key(sid): TOMBSTONE for sid in session_ids}
    if seconds and entries:
        now_and_after_commit(lambda c: c.set_many(entries, seconds), reason="session revoked")
        if (copies := local_copies()) is not None:
            copies.forget_sessions(session_ids)


def auth_cache_revoke_user(user_id) -> None:
    """The user row changed or is gone (all sessions ended, password changed or reset,
    deactivated, profile, deleted): every session of the user is checked in the database
    again on its next request."""
    if auth_cache_seconds():
        AUTH_USER.renew(user_id)
        if (copies := local_copies()) is not None:
            copies.forget_user(user_id)
