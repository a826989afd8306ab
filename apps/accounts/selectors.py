from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.core.caching import answer_caches_on
from apps.core.registry import exporters
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
    sessions = Session.objects.filter(
        user=user,
        revoked_at__isnull=True,
        expires_at__gt=now,
        last_used_at__gt=now - timedelta(days=settings.SESSION_IDLE_DAYS),
    ).order_by("-last_used_at", "-created_at")
    rows = sessions.values(*SESSION_PUBLIC_FIELDS)[:SESSION_LIST_LIMIT]
    return [session_public(row, current_session_id=current_session_id) for row in rows]


def user_export(*, user: User) -> dict:
    document = {"user": {**user_public(user), "plan": user.plan, "updated_at": iso_utc(user.updated_at)}}
    for name, exporter in sorted(exporters().items()):
        document[name] = exporter(user)
    return document
