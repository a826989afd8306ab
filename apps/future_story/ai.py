"""What `future_story.generate` shows the AI, and the shape its answer must have (also the
offline composer's).

The context holds the answered areas (title, colour, question, answer), every active area,
the latest wants analysis and life wheel when they exist. The answer is validated by
`FutureStoryAIOutput`; one that does not fit is AIBadResponse → one corrective turn → 502
FUTURE_STORY_AI_FAILED."""

import json

from django.core.validators import RegexValidator
from django.utils import timezone
from rest_framework import serializers

from apps.areas.presenters import area_public
from apps.areas.selectors import area_list
from apps.life_wheel.selectors import life_wheel_latest
from apps.wants.selectors import wants_analysis_latest

from . import selectors
from .constants import (
    AI_CONTEXT_ANSWER_MAX_CHARS,
    BY_AREA_MAX_ITEMS,
    FULL_TEXT_MAX_CHARS,
    IMAGE_KEY_MAX_CHARS,
    IMAGE_PROMPT_MAX_CHARS,
    IMAGES_MAX_ITEMS,
    PARAGRAPH_MAX_CHARS,
    TITLE_MAX_CHARS,
)
from .errors import FutureStoryDraftEmpty


def _plain(value):
    """JSON field values as plain lists and dicts."""
    return json.loads(json.dumps(value, default=str))


def future_story_generate_context(*, user, locale: str) -> dict:
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
            "top_wants": _plain(analysis.top_wants),
            "by_area": _plain(analysis.by_area),
            "hidden_motives": _plain(analysis.hidden_motives),
            "recommended_focus_areas": _plain(analysis.recommended_focus_areas),
        },
        "life_wheel": None if wheel is None else {"scores": _plain(wheel["scores"]), "note": wheel["note"]},
    }


image_key_validator = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", "Use latin letters, digits, '_' and '-'.")


def known_area_ids() -> set[str]:
    """Every area id (inactive ones too: a story keeps naming an area an admin later hid)."""
    return {record["id"] for record in area_list(include_inactive=True)}


class FutureStoryAIAreaParagraph(serializers.Serializer):
    area_id = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=TITLE_MAX_CHARS)
    paragraph = serializers.CharField(max_length=PARAGRAPH_MAX_CHARS)

    def validate_area_id(self, value):
        if value not in known_area_ids():
            raise serializers.ValidationError(f"Unknown area id {value!r}.")
        return value


class FutureStoryAIHorizon(serializers.Serializer):
    full_text = serializers.CharField(max_length=FULL_TEXT_MAX_CHARS)
    by_area = FutureStoryAIAreaParagraph(many=True, max_length=BY_AREA_MAX_ITEMS)


class FutureStoryAIHorizons(serializers.Serializer):
    locals()["3y"] = FutureStoryAIHorizon()
    locals()["5y"] = FutureStoryAIHorizon()


class FutureStoryAIImage(serializers.Serializer):
    image_key = serializers.CharField(max_length=IMAGE_KEY_MAX_CHARS, validators=[image_key_validator])
    area_id = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=TITLE_MAX_CHARS)
    # May be blank: the story is still usable, the picture of that key answers 400 VISUALS_PROMPT_MISSING.
    dall_e_prompt = serializers.CharField(max_length=IMAGE_PROMPT_MAX_CHARS, allow_blank=True)

    def validate_area_id(self, value):
        if value not in known_area_ids():
            raise serializers.ValidationError(f"Unknown area id {value!r}.")
        return value


class FutureStoryAIOutput(serializers.Serializer):
    horizons = FutureStoryAIHorizons()
    images = FutureStoryAIImage(many=True, max_length=IMAGES_MAX_ITEMS)

    def validate_images(self, value):
        keys = [image["image_key"] for image in value]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError("image_key values must be unique.")
        return value
