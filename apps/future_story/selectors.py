"""Reads of the future story, always scoped by owner."""

import uuid

from apps.areas.presenters import area_public
from apps.areas.selectors import area_list

from .constants import QUESTION_FALLBACK, QUESTIONS
from .models import FutureStory, FutureStoryAnswer, FutureStoryDraft

ANSWER_FIELDS = ("area_id", "question", "answer", "updated_at")


def question_for(record: dict, locale: str) -> str:
    """The interview question of one area (cached area record) in `locale`."""
    texts = QUESTIONS.get(record["id"])
    if texts is not None:
        return texts[locale]
    return QUESTION_FALLBACK[locale].format(title=area_public(record, locale)["title"])


def future_story_questions(*, locale: str) -> list[dict]:
    """One question per active area, by `order_index` (no query on a warm area cache)."""
    return [{"area_id": record["id"], "question": question_for(record, locale)} for record in area_list()]


def future_story_draft_find(*, user) -> FutureStoryDraft | None:
    return FutureStoryDraft.objects.filter(user=user).first()


def future_story_draft_answered(*, user) -> list[dict]:
    """The draft's non-blank answers to ACTIVE areas, in the areas' order:
    [{area_id, question, answer}] (empty when there is no draft)."""
    active = {record["id"]: index for index, record in enumerate(area_list())}
    answers = [
        answer
        for answer in FutureStoryAnswer.objects.filter(draft__user=user).values("area_id", "question", "answer")
        if answer["area_id"] in active and answer["answer"].strip()
    ]
    answers.sort(key=lambda answer: active[answer["area_id"]])
    return answers


def future_story_latest(*, user) -> FutureStory | None:
    return FutureStory.objects.filter(user=user).order_by("-created_at", "-id").first()


def future_story_find(*, user, story_id) -> FutureStory | None:
    """One story of the user; None for a missing, foreign or malformed id."""
    try:
        story_uuid = uuid.UUID(str(story_id))
    except ValueError:
        return None
    return FutureStory.objects.filter(pk=story_uuid, user=user).first()
