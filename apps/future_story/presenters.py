"""Public dicts of future stories and the interview draft (API bodies, the export)."""

from apps.areas.selectors import area_list

from .api.serializers import FutureStoryPublicSerializer
from .models import FutureStoryAnswer, FutureStoryDraft
from .selectors import ANSWER_FIELDS


def story_public(story) -> dict:
    return FutureStoryPublicSerializer(story).data


def story_generated_public(story, event: dict | None) -> dict:
    """FutureStoryGenerated: the new story and the XP event of `future_story` (the AI job's result)."""
    return {**story_public(story), "gamification_event": event}


def _area_order() -> dict[str, int]:
    return {record["id"]: index for index, record in enumerate(area_list(include_inactive=True))}


def draft_public(draft: FutureStoryDraft) -> dict:
    """FutureStoryDraftPublic: answers in the areas' order (unknown areas last, by id)."""
    order = _area_order()
    answers = list(FutureStoryAnswer.objects.filter(draft=draft).values(*ANSWER_FIELDS))
    answers.sort(key=lambda answer: (order.get(answer["area_id"], len(order)), answer["area_id"]))
    return {"id": draft.id, "answers": answers, "updated_at": draft.updated_at}
