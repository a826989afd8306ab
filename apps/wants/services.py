"""Writes and rules of the wants exercise.

Every mutation runs in a transaction holding the record's row lock (SELECT ... FOR UPDATE),
so concurrent appends never lose a line, and refuses a completed record with 409
WANTS_RAW_IMMUTABLE. Views get the user's draft with `wants_draft_get_or_create` (or
`selectors.wants_draft_get`) and pass it here."""

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import ValidationFailed
from apps.gamification.services import xp_award

from .constants import (
    FUTURE_ME_MAX_CHARS,
    STREAM_MAX_CHARS,
    STREAM_STOP_WORDS,
)
from .errors import WantsRawImmutable, WantsRawNotReady, WantsStreamAlreadyCompleted
from .models import WantsAnalysis, WantsRaw, WantsRawStatus
from .selectors import PROGRESS_CACHE

logger = logging.getLogger(__name__)

REVERSE_FIELDS = ("raw_envy", "raw_regrets", "raw_what_to_do_5y")


def wants_draft_get_or_create(*, user, light: bool = False) -> WantsRaw:
    """The user's draft, created if none. Safe under concurrent requests: the partial unique
    constraint lets one INSERT win; the others catch IntegrityError (inside a savepoint, so an
    outer transaction survives) and read the winner's row. `light=True` loads only the id and
    status (the mutations below re-read the row under a lock anyway, so the long texts need
    not be read twice)."""
    drafts = WantsRaw.objects.filter(user=user, status=WantsRawStatus.DRAFT)
    if light:
        drafts = drafts.only("id", "user_id", "status")
    for _attempt in range(3):
        draft = drafts.first()
        if draft is not None:
            return draft
        try:
            with transaction.atomic():
                draft = WantsRaw.objects.create(user=user)
            PROGRESS_CACHE.renew(user.pk)
            return draft
        except IntegrityError:
            # Another request created the draft; read it (it may even have been completed
            # already, then the next round creates a new one).
            continue
    raise WantsRawImmutable()


def _locked(raw: WantsRaw) -> WantsRaw:
    """Re-read `raw` under a row lock; a completed record is immutable. Call inside atomic()."""
    locked = WantsRaw.objects.select_for_update().get(pk=raw.pk)
    if locked.status != WantsRawStatus.DRAFT:
        raise WantsRawImmutable()
    return locked


def _save(raw: WantsRaw, *fields: str) -> None:
    raw.save(update_fields=[*fields, "updated_at"])
    PROGRESS_CACHE.renew(raw.user_id)


def wants_raw_delete_many(*, raws) -> int:
    """Delete records (Django admin: the API never deletes one); returns how many."""
    user_ids = set(raws.values_list("user_id", flat=True))
    deleted, _ = raws.delete()
    for user_id in user_ids:
        PROGRESS_CACHE.renew(user_id)
    return deleted


def _too_long(limit: int) -> ValidationFailed:
    message = _("The text is too long: at most %(limit)s characters in total.") % {"limit": limit}
    return ValidationFailed(fields={"text": [str(message)]})


def _joined(existing: str, text: str) -> str:
    return f"{existing}\n{text}" if existing else text


def wants_stream_start(*, raw: WantsRaw) -> WantsRaw:
    """Mark the stream started (idempotent: an existing start time is kept)."""
    with transaction.atomic():
        raw = _locked(raw)
        if raw.stream_started_at is None:
            raw.stream_started_at = timezone.now()
            _save(raw, "stream_started_at")
    return raw


def wants_stream_append(*, raw: WantsRaw, text: str) -> WantsRaw:
    """Append one line to the stream (lines joined with "\\n"), starting the stream if needed.
    "стоп"/"stop" (trimmed, any case) completes the stream and is not stored. 409 after the
    stream is completed; 422 `fields.text` when the stream would exceed STREAM_MAX_CHARS."""
    with transaction.atomic():
        raw = _locked(raw)
        if raw.stream_completed_at is not None:
            raise WantsStreamAlreadyCompleted()
        now = timezone.now()
        fields = []
        if raw.stream_started_at is None:
            raw.stream_started_at = now
            fields.append("stream_started_at")
        if text.strip().lower() in STREAM_STOP_WORDS:
            raw.stream_completed_at = now
            fields.append("stream_completed_at")
        else:
            stream = _joined(raw.raw_wants_stream, text)
            if len(stream) > STREAM_MAX_CHARS:
                raise _too_long(STREAM_MAX_CHARS)
            raw.raw_wants_stream = stream
            fields.append("raw_wants_stream")
        _save(raw, *fields)
    return raw


def _exercise_finish(raw: WantsRaw, exercise: str) -> WantsRaw:
    """Stamp `<exercise>_started_at` / `<exercise>_completed_at` where still empty
    (idempotent: existing times are kept)."""
    with transaction.atomic():
        raw = _locked(raw)
        now = timezone.now()
        fields = [f"{exercise}_{stamp}_at" for stamp in ("started", "completed")]
        fields = [field for field in fields if getattr(raw, field) is None]
        for field in fields:
            setattr(raw, field, now)
        if fields:
            _save(raw, *fields)
    return raw


def wants_stream_finish(*, raw: WantsRaw) -> WantsRaw:
    """Complete the stream without "стоп"."""
    return _exercise_finish(raw, "stream")


def _future_me_write(raw: WantsRaw, compose) -> WantsRaw:
    """Write `compose(current text)` as the "future me" text under the row lock; 422
    `fields.text` beyond FUTURE_ME_MAX_CHARS. Editing stays allowed after finish, until the
    whole record is completed."""
    with transaction.atomic():
        raw = _locked(raw)
        text = compose(raw.raw_future_me)
        if len(text) > FUTURE_ME_MAX_CHARS:
            raise _too_long(FUTURE_ME_MAX_CHARS)
        raw.raw_future_me = text
        fields = ["raw_future_me"]
        if raw.future_me_started_at is None:
            raw.future_me_started_at = timezone.now()
            fields.append("future_me_started_at")
        _save(raw, *fields)
    return raw


def wants_future_me_set(*, raw: WantsRaw, text: str) -> WantsRaw:
    """Replace the "future me" text."""
    if len(text) > FUTURE_ME_MAX_CHARS:
        raise _too_long(FUTURE_ME_MAX_CHARS)
    return _future_me_write(raw, lambda _current: text)


def wants_future_me_append(*, raw: WantsRaw, text: str) -> WantsRaw:
    """Append a chunk to the "future me" text (chunks joined with "\\n")."""
    return _future_me_write(raw, lambda current: _joined(current, text))


def wants_future_me_finish(*, raw: WantsRaw) -> WantsRaw:
    """Mark "future me" finished (no text check here; completion checks it)."""
    return _exercise_finish(raw, "future_me")


def wants_reverse_update(*, raw: WantsRaw, **answers: str) -> WantsRaw:
    """Save any of raw_envy / raw_regrets / raw_what_to_do_5y. `reverse_completed_at` is set
    when all three are non-blank (kept if already set) and cleared when one becomes blank."""
    unknown = set(answers) - set(REVERSE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reverse fields: {sorted(unknown)}")
    with transaction.atomic():
        raw = _locked(raw)
        for name, value in answers.items():
            setattr(raw, name, value)
        all_filled = all(getattr(raw, name).strip() for name in REVERSE_FIELDS)
        if all_filled and raw.reverse_completed_at is None:
            raw.reverse_completed_at = timezone.now()
        elif not all_filled:
            raw.reverse_completed_at = None
        _save(raw, *answers, "reverse_completed_at")
    return raw


def wants_missing_parts(raw: WantsRaw) -> dict[str, list[str]]:
    """What stops completion, keyed stream, future_me, envy, regrets, what_to_do_5y."""
    missing: dict[str, list[str]] = {}
    if not raw.raw_wants_stream.strip():
        missing["stream"] = [str(_("Write at least one want in the stream."))]
    elif raw.stream_completed_at is None:
        missing["stream"] = [str(_("Finish the stream first."))]
    if not raw.raw_future_me.strip():
        missing["future_me"] = [str(_("Write the “future me” text."))]
    elif raw.future_me_completed_at is None:
        missing["future_me"] = [str(_("Finish the “future me” exercise first."))]
    blank = str(_("Answer this question."))
    for key, name in (("envy", "raw_envy"), ("regrets", "raw_regrets"), ("what_to_do_5y", "raw_what_to_do_5y")):
        if not getattr(raw, name).strip():
            missing[key] = [blank]
    return missing


def wants_complete(*, raw: WantsRaw) -> tuple[WantsRaw, dict | None]:
    """Finalise the draft after a strict check (422 WANTS_RAW_NOT_READY naming each missing
    part) and award XP in the same transaction. Returns (record, gamification_event)."""
    with transaction.atomic():
        raw = _locked(raw)
        missing = wants_missing_parts(raw)
        if missing:
            raise WantsRawNotReady(fields=missing)
        raw.status = WantsRawStatus.COMPLETED
        raw.completed_at = timezone.now()
        _save(raw, "status", "completed_at")
        event = xp_award(user=raw.user, reason="wants_completed", object_id=raw.id)
    return raw, event


def analysis_save(*, user, raw_id, data: dict, model: str, job_id: str) -> WantsAnalysis:
    """Save the validated AI analysis of the completed record `raw_id`; called by the AI-job layer inside the job's
    transaction, which also charges the quota (keyed by the job, so once)."""
    data = json.loads(json.dumps(data))  # plain dicts/lists for the JSON fields
    return WantsAnalysis.objects.create(
        user=user,
        raw_id=raw_id,
        summary=data["summary"],
        top_wants=data.get("top_wants", []),
        by_area=data.get("by_area", []),
        hidden_motives=data.get("hidden_motives", []),
        recommended_focus_areas=data.get("recommended_focus_areas", []),
        model=(model or "")[:128],
        task_id=job_id,
    )
