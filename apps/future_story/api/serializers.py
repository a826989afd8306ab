"""Plain serializers of the future story API (names unique project-wide: they become schema
components)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.validation import StrictCharField
from apps.gamification.api.serializers import GamificationEventSerializer

from ..ai import known_area_ids
from ..constants import (
    ANSWER_MAX_CHARS,
    BY_AREA_MAX_ITEMS,
    FULL_TEXT_MAX_CHARS,
    PARAGRAPH_MAX_CHARS,
    QUESTION_MAX_CHARS,
    TITLE_MAX_CHARS,
)

# --- input


class FutureStoryDraftInputSerializer(serializers.Serializer):
    area_id = StrictCharField(max_length=50)
    question = StrictCharField(min_length=1, max_length=QUESTION_MAX_CHARS)
    answer = StrictCharField(allow_blank=True, max_length=ANSWER_MAX_CHARS, trim_whitespace=False)


class FutureStoryAreaParagraphInputSerializer(serializers.Serializer):
    area_id = StrictCharField(max_length=50)
    title = StrictCharField(min_length=1, max_length=TITLE_MAX_CHARS)
    paragraph = StrictCharField(allow_blank=True, max_length=PARAGRAPH_MAX_CHARS, trim_whitespace=False)

    def validate_area_id(self, value):
        if value not in known_area_ids():
            raise serializers.ValidationError(_("Unknown area."))
        return value


class FutureStoryUpdateInputSerializer(serializers.Serializer):
    horizon = StrictCharField(
        allow_blank=True,
        trim_whitespace=False,
        max_length=16,
        help_text="“3y” or “5y”; anything else is 400 FUTURE_STORY_INVALID_HORIZON.",
    )
    full_text = StrictCharField(min_length=1, max_length=FULL_TEXT_MAX_CHARS, trim_whitespace=False)
    by_area = FutureStoryAreaParagraphInputSerializer(many=True, max_length=BY_AREA_MAX_ITEMS)

    def validate_by_area(self, value):
        ids = [item["area_id"] for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each area can appear only once."))
        return value


# --- output


class FutureStoryQuestionSerializer(serializers.Serializer):
    area_id = serializers.CharField()
    question = serializers.CharField()


class FutureStoryAnswerPublicSerializer(serializers.Serializer):
    area_id = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()
    updated_at = serializers.DateTimeField()


class FutureStoryDraftPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    answers = FutureStoryAnswerPublicSerializer(many=True)
    updated_at = serializers.DateTimeField()


class FutureStoryAreaParagraphSerializer(serializers.Serializer):
    area_id = serializers.CharField()
    title = serializers.CharField()
    paragraph = serializers.CharField()


class FutureStoryHorizonSerializer(serializers.Serializer):
    full_text = serializers.CharField()
    by_area = FutureStoryAreaParagraphSerializer(many=True)


class FutureStoryHorizonsSerializer(serializers.Serializer):
    locals()["3y"] = FutureStoryHorizonSerializer()
    locals()["5y"] = FutureStoryHorizonSerializer()


class FutureStoryImagePromptSerializer(serializers.Serializer):
    image_key = serializers.CharField()
    area_id = serializers.CharField()
    title = serializers.CharField()
    dall_e_prompt = serializers.CharField(allow_blank=True)


class FutureStoryPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    horizons = FutureStoryHorizonsSerializer()
    images = FutureStoryImagePromptSerializer(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class FutureStoryGeneratedSerializer(FutureStoryPublicSerializer):
    """FutureStoryPublic of the new story plus the XP event of `future_story`."""

    gamification_event = GamificationEventSerializer(allow_null=True)
