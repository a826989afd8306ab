from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.core.caching import answer_caches_on
from apps.core.registry import exporters
from apps.core.sqlread import on_postgresql, sql_rows
from apps.core.timestamps import iso_date, iso_utc
from apps.limits.services import quota_period, quota_usage

from .cache import ME_CACHE_SECONDS, me_cache_key
from .models import Session, User
from .presenters import SESSION_PUBLIC_FIELDS, session_public, user_public

SESSION_LIST_LIMIT = 100


def me_document_build(*, user: User) -> dict:
    period = quota_period()
    return {
        "user": user_public(user),
        "plan": user.plan,
        "usage": quota_usage(user=user),
        "period": {"start": iso_date(period.start), "end": iso_date(period.end)},
    }


def me_document(*, user: User, cached: dict | None = None) -> dict:
    """The `/me` document from the cache (`me:user:{id}`, 60 s); built with one query on a miss.
    Every change to what it shows drops the key (accounts services, quota charges). `cached`:
    the value when the caller read the key already (apps/core/prefetch.py)."""
    if not answer_caches_on():
        return me_document_build(user=user)
    key = me_cache_key(user.pk)
    document = cached if cached is not None else cache.get(key)
    if document is None:
        document = me_document_build(user=user)
        cache.set(key, document, ME_CACHE_SECONDS)
    return document


def session_list(*, user: User, current_session_id=None) -> list[dict]:
    """The user's live sessions, most recently used first (one bounded query)."""
    now = timezone.now()
    idle_since = now - timedelta(days=settings.SESSION_IDLE_DAYS)
    if on_postgresql():  # the same SELECT written out (apps/core/sqlread.py; index session_user_recent)
        rows = sql_rows(_SESSIONS_SQL, (user.pk, now, idle_since, SESSION_LIST_LIMIT))
    else:
        rows = _live_sessions(user=user, now=now, idle_since=idle_since)
    return [session_public(row, current_session_id=current_session_id) for row in rows]


def _live_sessions(*, user: User, now, idle_since):
    """The reference of `session_list`'s SELECT, as `.values()` dicts."""
    return Session.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now, last_used_at__gt=idle_since
    ).order_by("-last_used_at", "-created_at").values(*SESSION_PUBLIC_FIELDS)[:SESSION_LIST_LIMIT]


_SESSIONS_SQL = (
    'SELECT "id", "user_agent", "ip", "created_at", "last_used_at", "expires_at" FROM "user_sessions"'
    ' WHERE "user_id" = %s AND "revoked_at" IS NULL AND "expires_at" > %s AND "last_used_at" > %s'
    ' ORDER BY "last_used_at" DESC, "created_at" DESC LIMIT %s'
)


def user_export(*, user: User) -> dict:
    document = {"user": {**user_public(user), "plan": user.plan, "updated_at": iso_utc(user.updated_at)}}
    for name, exporter in sorted(exporters().items()):
        document[name] = exporter(user)
    return document
