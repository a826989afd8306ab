"""Reads of the wants exercise, always scoped by owner."""

import uuid

from django.db.models.functions import Length, Trim

from apps.core.lookups import row_get
from apps.core.sqlread import BoundList, CompiledList
from apps.core.usercache import AnswerCache

from .errors import WantsCompletedNotFound, WantsDraftNotFound, WantsRawNotFound
from .models import WantsAnalysis, WantsRaw, WantsRawStatus
from .presenters import RAW_TEXT_COLUMNS, RAW_TEXTS


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
    latest = _LATEST_COMPLETED.rows(owner_id=user.pk)
    if not latest:
        raise WantsCompletedNotFound()
    return latest[0]["id"]


def _completed(owner_id):
    """Completed records, newest first (index wants_raw_user_history_id)."""
    return WantsRaw.objects.filter(user_id=owner_id, status=WantsRawStatus.COMPLETED).order_by("-completed_at", "-id")


# Compiled once on PostgreSQL (apps/core/sqlread.py).
_LATEST_COMPLETED = CompiledList(
    "wants.latest_completed", lambda owner_id: _completed(owner_id).values("id")[:1], varying=("owner_id",)
)
# What the analysis job reads of its record, in the worker: the ORM's load of the record cost
# ~1,500 Python calls per job and its re-check inside the save ~1,000 (bench/PROFILE.md).
AI_CONTEXT_TEXTS = ("raw_wants_stream", "raw_future_me", "raw_envy", "raw_regrets", "raw_what_to_do_5y")
_COMPLETED_TEXTS = CompiledList(
    "wants.completed_texts",
    lambda owner_id, raw_id: _completed(owner_id).filter(pk=raw_id).values(*AI_CONTEXT_TEXTS),
    varying=("owner_id", "raw_id"),
)
_HISTORY = CompiledList(
    "wants.history",
    lambda owner_id: _completed(owner_id).values(*RAW_TEXTS, **RAW_TEXT_COLUMNS),
    varying=("owner_id",),
)


def wants_completed_texts(*, user, raw_id) -> dict | None:
    """The texts of one completed record of the user (what the analysis job shows the AI);
    None when it is gone (deleted between the request and the worker)."""
    rows = _COMPLETED_TEXTS.rows(owner_id=user.pk, raw_id=uuid.UUID(str(raw_id)))
    return rows[0] if rows else None


def wants_history(*, user):
    """GET /wants/history: completed records, newest first, as `.values()` dicts of
    presenters.RAW_TEXTS and RAW_TEXT_COLUMNS (presenters.raw_public)."""
    return _HISTORY.queryset(owner_id=user.pk)


def wants_history_page_source(*, user) -> BoundList:
    """GET /wants/history, for `paginate`."""
    return _HISTORY.bind(owner_id=user.pk)


# GET /wants/progress, cached per user for 60 s (apps/core/usercache.py); renewed by every
# service that writes the user's draft (its creation, `_save`, the admin's delete).
PROGRESS_CACHE = AnswerCache("wants:progress", 60)


def wants_progress(*, user, found: dict | None = None) -> dict:
    """The draft's checklist. `found`: the prefetched values of `PROGRESS_CACHE.keys`."""
    return PROGRESS_CACHE.get_or_build(user.pk, found=found, build=lambda: _wants_progress_build(user=user))


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
