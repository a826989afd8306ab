"""The shape the AI must answer `future_story.generate` with (also the offline composer's);
apps.ai validates the model's JSON against it, and an answer that does not fit is
AIBadResponse → one corrective turn → 502 FUTURE_STORY_AI_FAILED."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from apps.areas.selectors import area_list

from .constants import (
    BY_AREA_MAX_ITEMS,
    FULL_TEXT_MAX_CHARS,
    IMAGE_KEY_MAX_CHARS,
    IMAGE_PROMPT_MAX_CHARS,
    IMAGES_MAX_ITEMS,
    PARAGRAPH_MAX_CHARS,
    TITLE_MAX_CHARS,
)

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
