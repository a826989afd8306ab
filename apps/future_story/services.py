"""Writes and rules of the future story: the interview draft, the AI's story, manual edits."""

import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.areas.presenters import area_public
from apps.areas.selectors import active_area_ids, area_list
from apps.gamification.services import xp_award
from apps.life_wheel.selectors import life_wheel_latest
from apps.wants.selectors import wants_analysis_latest

from . import selectors
from .constants import AI_CONTEXT_ANSWER_MAX_CHARS
from .errors import FutureStoryDraftEmpty, FutureStoryInvalidAreaId, FutureStoryNotFound
from .models import FutureStory, FutureStoryAnswer, FutureStoryDraft
from .presenters import draft_public


def future_story_draft_get_or_create(*, user) -> FutureStoryDraft:
    """The user's draft, created if none; concurrent first answers make one draft (the
    one-to-one constraint lets one INSERT win, the others read it)."""
    draft = FutureStoryDraft.objects.filter(user=user).first()
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return FutureStoryDraft.objects.create(user=user)
    except IntegrityError:
        return FutureStoryDraft.objects.get(user=user)


def future_story_answer_save(*, user, area_id: str, question: str, answer: str) -> dict:
    """Upsert the answer for `area_id` (an active area, else 400 FUTURE_STORY_INVALID_AREA_ID)
    in the user's draft; returns the whole draft (FutureStoryDraftPublic). One atomic INSERT
    ... ON CONFLICT UPDATE, so parallel answers for one area never fail or duplicate."""
    if area_id not in active_area_ids():
        raise FutureStoryInvalidAreaId(details={"area_ids": [area_id]})
    with transaction.atomic():
        draft = future_story_draft_get_or_create(user=user)
        FutureStoryAnswer.objects.bulk_create(
            [FutureStoryAnswer(draft=draft, area_id=area_id, question=question, answer=answer)],
            update_conflicts=True,
            unique_fields=["draft", "area_id"],
            update_fields=["question", "answer", "updated_at"],
        )
        draft.updated_at = timezone.now()
        FutureStoryDraft.objects.filter(pk=draft.pk).update(updated_at=draft.updated_at)
    return draft_public(draft)


def future_story_generate_check(*, user) -> None:
    """Synchronous pre-check of POST /generate: 400 FUTURE_STORY_DRAFT_EMPTY without a
    non-blank answer to an active area."""
    if not selectors.future_story_draft_answered(user=user):
        raise FutureStoryDraftEmpty()


def _json(value):
    return json.loads(json.dumps(value, default=str))


def future_story_ai_context(*, user, locale: str) -> dict:
    """What the AI sees: the answered areas (title, colour, question, answer), every active
    area, the latest wants analysis and life wheel when they exist. Raises
    FutureStoryDraftEmpty when the draft has no answer any more."""
    answers = selectors.future_story_draft_answered(user=user)
    if not answers:
        raise FutureStoryDraftEmpty()
    records = {record["id"]: record for record in area_list()}
    analysis = wants_analysis_latest(user=user)
    wheel = life_wheel_latest(user=user)
    return {
        "locale": locale,
        "current_year": timezone.now().year,
        "first_name": user.first_name,
        "horizons": ["3y", "5y"],
        "all_areas": [
            {"area_id": area_id, "title": area_public(record, locale)["title"]} for area_id, record in records.items()
        ],
        "answers": [
            {
                "area_id": answer["area_id"],
                "title": area_public(records[answer["area_id"]], locale)["title"],
                "color": records[answer["area_id"]]["color"],
                "question": answer["question"][:AI_CONTEXT_ANSWER_MAX_CHARS],
                "answer": answer["answer"][:AI_CONTEXT_ANSWER_MAX_CHARS],
            }
            for answer in answers
        ],
        "wants_analysis": None
        if analysis is None
        else {
            "summary": analysis.summary,
            "top_wants": _json(analysis.top_wants),
            "by_area": _json(analysis.by_area),
            "hidden_motives": _json(analysis.hidden_motives),
            "recommended_focus_areas": _json(analysis.recommended_focus_areas),
        },
        "life_wheel": None if wheel is None else {"scores": _json(wheel["scores"]), "note": wheel["note"]},
    }


def future_story_create(*, user, data: dict, model: str, job_key: str) -> tuple[FutureStory, dict | None]:
    """Save the AI's story (validated `FutureStoryAIOutput` data) and award XP
    `future_story` once per story, in one transaction. Idempotent per `job_key`."""
    data = _json(data)
    with transaction.atomic():
        existing = FutureStory.objects.filter(job_key=job_key).first()
        if existing is not None:
            return existing, None
        story = FutureStory.objects.create(
            user=user,
            horizons={horizon: data["horizons"][horizon] for horizon in ("3y", "5y")},
            images=data["images"],
            model=(model or "")[:128],
            job_key=job_key,
        )
        event = xp_award(user=user, reason="future_story", object_id=story.id)
    return story, event


def future_story_horizon_replace(*, user, horizon: str, full_text: str, by_area: list[dict]) -> FutureStory:
    """Replace one horizon of the user's latest story (404 FUTURE_STORY_NOT_FOUND without
    one); the row is locked so two edits of different horizons both survive."""
    with transaction.atomic():
        latest = selectors.future_story_latest(user=user)
        if latest is None:
            raise FutureStoryNotFound()
        story = FutureStory.objects.select_for_update().get(pk=latest.pk)
        story.horizons = {**story.horizons, horizon: {"full_text": full_text, "by_area": _json(by_area)}}
        story.save(update_fields=["horizons", "updated_at"])
    return story


# --- Deletion (admin) ----------------------------------------------------------------------
# Apps above this one that keep something per story register what goes with a story
# (visuals: its pictures' rows and files) in their AppConfig.ready(); future_story imports none.
_STORY_DELETE_HOOKS: dict = {}


def future_story_delete_hook_register(name: str, hook) -> None:
    """`hook(stories)` runs inside the deletion's transaction, before the stories' rows go."""
    _STORY_DELETE_HOOKS[name] = hook


def future_stories_delete(*, queryset) -> None:
    with transaction.atomic():
        for hook in list(_STORY_DELETE_HOOKS.values()):
            hook(queryset)
        queryset.delete()
