from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.core.registry import exporters
from apps.core.sqlread import CompiledList
from apps.core.timestamps import iso_date, iso_utc
from apps.limits.services import quota_period, quota_usage

from .cache import ME_CACHE
from .models import Session, User
from .presenters import SESSION_COLUMNS, SESSION_TEXT_COLUMNS, session_public, user_public

SESSION_LIST_LIMIT = 100


def me_document_build(*, user: User) -> dict:
    period = quota_period()
    return {
        "user": user_public(user),
        "plan": user.plan,
        "usage": quota_usage(user=user),
        "period": {"start": iso_date(period.start), "end": iso_date(period.end)},
    }


def me_document(*, user: User, found: dict | None = None) -> dict:
    """The `/me` document from its cache (ME_CACHE); built with one query on a miss. `found`:
    the values of `ME_CACHE.keys(user.pk)` when the caller read them already (apps/core/prefetch.py)."""
    return ME_CACHE.get_or_build(user.pk, found=found, build=lambda: me_document_build(user=user))


def _live_sessions(owner_id, now, idle_since):
    return (
        Session.objects.filter(
            user_id=owner_id, revoked_at__isnull=True, expires_at__gt=now, last_used_at__gt=idle_since
        )
        .order_by("-last_used_at", "-created_at")
        .values(*SESSION_COLUMNS, **SESSION_TEXT_COLUMNS)[:SESSION_LIST_LIMIT]
    )


# Index session_user_recent; compiled once on PostgreSQL (apps/core/sqlread.py).
_LIVE_SESSIONS = CompiledList("accounts.sessions", _live_sessions, varying=("owner_id", "now", "idle_since"))


def session_list(*, user: User, current_session_id=None) -> list[dict]:
    """The user's live sessions, most recently used first (one bounded query)."""
    now = timezone.now()
    idle_since = now - timedelta(days=settings.SESSION_IDLE_DAYS)
    rows = _LIVE_SESSIONS.rows(owner_id=user.pk, now=now, idle_since=idle_since)
    return [session_public(row, current_session_id=current_session_id) for row in rows]


def user_export(*, user: User) -> dict:
    document = {"user": {**user_public(user), "plan": user.plan, "updated_at": iso_utc(user.updated_at)}}
    for name, exporter in sorted(exporters().items()):
        document[name] = exporter(user)
    return document
