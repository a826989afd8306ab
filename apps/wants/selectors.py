"""Reads of the wants exercise, always scoped by owner."""

import uuid

from django.core.cache import cache
from django.db.models.functions import Length, Trim

from apps.core.caching import answer_caches_on, cache_drop
from apps.core.lookups import row_get
from apps.core.sqlread import SqlList

from .errors import WantsCompletedNotFound, WantsDraftNotFound, WantsRawNotFound
from .models import WantsAnalysis, WantsRaw, WantsRawStatus
from .presenters import RAW_PUBLIC_FIELDS


def wants_draft_find(*, user) -> WantsRaw | None:
    return WantsRaw.objects.filter(user=user, status=WantsRawStatus.DRAFT).first()


def wants_draft_get(*, user) -> WantsRaw:
    """The user's draft; 404 WANTS_DRAFT_NOT_FOUND when there is none."""
    draft = wants_draft_find(user=user)
    if draft is None:
        raise WantsDraftNotFound()
    return draft


def wants_completed_get(*, user, raw_id) -> WantsRaw:
    """One completed record of the user; a missing, foreign, draft or malformed id is 404."""
    return row_get(WantsRaw.objects.filter(user=user, status=WantsRawStatus.COMPLETED), raw_id, WantsRawNotFound)


def wants_latest_completed_id(*, user) -> uuid.UUID:
    """The id of the latest completed record (what an analysis job is given); 404 without one."""
    raw_id = _completed(user=user).values_list("id", flat=True).first()
    if raw_id is None:
        raise WantsCompletedNotFound()
    return raw_id


def _completed(*, user):
    """Completed records, newest first (index wants_raw_user_history_id)."""
    return WantsRaw.objects.filter(user=user, status=WantsRawStatus.COMPLETED).order_by("-completed_at", "-id")


def wants_history(*, user):
    """GET /wants/history: completed records, newest first, as `.values()` dicts of the
    public fields (presenters.raw_public)."""
    return _completed(user=user).values(*RAW_PUBLIC_FIELDS)


_HISTORY_SQL = (  # the columns of RAW_PUBLIC_FIELDS (tests/performance/test_list_reads.py)
    'SELECT "id", "status", "raw_wants_stream", "stream_started_at", "stream_completed_at", "raw_future_me",'
    ' "future_me_started_at", "future_me_completed_at", "raw_envy", "raw_regrets", "raw_what_to_do_5y",'
    ' "reverse_completed_at", "completed_at", "created_at", "updated_at", COUNT(*) OVER () AS "_total"'
    ' FROM "wants_raw" WHERE "user_id" = %s AND "status" = %s ORDER BY "completed_at" DESC, "id" DESC'
)


def wants_history_page_source(*, user) -> SqlList:
    """GET /wants/history: `wants_history` and the same SELECT written out for PostgreSQL
    (apps/core/sqlread.py; index wants_raw_user_history_id)."""
    return SqlList(lambda: wants_history(user=user), _HISTORY_SQL, (user.pk, WantsRawStatus.COMPLETED.value))


PROGRESS_CACHE_SECONDS = 60


def wants_progress_cache_key(user_id) -> str:
    return f"wants:progress:{user_id}"


def wants_progress_drop(user_id) -> None:
    """Every write to the user's draft (services._save, the draft's creation, admin delete)."""
    cache_drop(wants_progress_cache_key(user_id))


def wants_progress(*, user, cached: dict | None = None) -> dict:
    """The draft's checklist, cached per user for PROGRESS_CACHE_SECONDS (dropped on every
    write to the draft); `cached`: the value when the caller read the key already."""
    if not answer_caches_on():
        return _wants_progress_build(user=user)
    progress = cached if cached is not None else cache.get(wants_progress_cache_key(user.pk))
    if progress is None:
        progress = _wants_progress_build(user=user)
        cache.set(wants_progress_cache_key(user.pk), progress, PROGRESS_CACHE_SECONDS)
    return progress


def _part_progress(row: dict, part: str) -> dict:
    """The checklist entry of the stream or "future me" (`part`) from the draft's row."""
    started_at, completed_at = row.get(f"{part}_started_at"), row.get(f"{part}_completed_at")
    return {
        "started": started_at is not None,
        "completed": completed_at is not None,
        "started_at": started_at,
        "completed_at": completed_at,
        "chars": row.get(f"{part}_chars") or 0,
    }


def _wants_progress_build(*, user) -> dict:
    """The draft's checklist in one query; the long texts are measured in SQL, never loaded.
    Without a draft every flag is false, counts are 0 and `raw_id`/`status` are null."""
    row = (
        WantsRaw.objects.filter(user=user, status=WantsRawStatus.DRAFT)
        .annotate(
            stream_chars=Length("raw_wants_stream"),
            stream_len=Length(Trim("raw_wants_stream")),
            future_me_chars=Length("raw_future_me"),
            future_me_len=Length(Trim("raw_future_me")),
            envy_chars=Length("raw_envy"),
            envy_len=Length(Trim("raw_envy")),
            regrets_chars=Length("raw_regrets"),
            regrets_len=Length(Trim("raw_regrets")),
            what_to_do_5y_chars=Length("raw_what_to_do_5y"),
            what_to_do_5y_len=Length(Trim("raw_what_to_do_5y")),
        )
        .values(
            "id",
            "status",
            "stream_started_at",
            "stream_completed_at",
            "future_me_started_at",
            "future_me_completed_at",
            "reverse_completed_at",
            "stream_chars",
            "stream_len",
            "future_me_chars",
            "future_me_len",
            "envy_chars",
            "envy_len",
            "regrets_chars",
            "regrets_len",
            "what_to_do_5y_chars",
            "what_to_do_5y_len",
        )
        .first()
    )
    if row is None:
        row = {}
    stream_ready = bool(row.get("stream_completed_at")) and (row.get("stream_len") or 0) > 0
    future_me_ready = bool(row.get("future_me_completed_at")) and (row.get("future_me_len") or 0) > 0
    envy, regrets, what = ((row.get(f"{k}_len") or 0) > 0 for k in ("envy", "regrets", "what_to_do_5y"))
    return {
        "raw_id": row.get("id"),
        "status": row.get("status"),
        "stream": _part_progress(row, "stream"),
        "future_me": _part_progress(row, "future_me"),
        "reverse": {
            "envy_filled": envy,
            "regrets_filled": regrets,
            "what_to_do_5y_filled": what,
            "completed": row.get("reverse_completed_at") is not None,
            "completed_at": row.get("reverse_completed_at"),
            "chars": sum(row.get(f"{k}_chars") or 0 for k in ("envy", "regrets", "what_to_do_5y")),
        },
        "ready_to_complete": bool(row) and stream_ready and future_me_ready and envy and regrets and what,
    }


def wants_analysis_latest(*, user) -> WantsAnalysis | None:
    return WantsAnalysis.objects.filter(user=user).order_by("-created_at", "-id").first()


def wants_analysis_get(*, user, analysis_id) -> WantsAnalysis:
    return WantsAnalysis.objects.get(pk=analysis_id, user=user)
