"""Plain serializers of the visuals API (names unique project-wide)."""

from rest_framework import serializers

from apps.core.validation import StrictCharField
from apps.future_story.constants import IMAGE_KEY_MAX_CHARS
from apps.gamification.api.serializers import GamificationEventSerializer

# --- input


class VisualGenerateInputSerializer(serializers.Serializer):
    story_id = serializers.UUIDField()
    image_key = StrictCharField(min_length=1, max_length=IMAGE_KEY_MAX_CHARS)


class VisualRegenerateInputSerializer(serializers.Serializer):
    asset_id = serializers.UUIDField()


# --- output


class VisualAssetPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    story_id = serializers.UUIDField()
    image_key = serializers.CharField()
    prompt = serializers.CharField()
    url = serializers.CharField(help_text="Where the picture is served: /uploads/… (or the bucket's URL on S3).")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class VisualAssetWithEventSerializer(VisualAssetPublicSerializer):
    gamification_event = GamificationEventSerializer(allow_null=True)
