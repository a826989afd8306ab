"""Plain serializers of the wants API (names unique project-wide: they become schema
components)."""

from rest_framework import serializers

from apps.core.validation import StrictCharField
from apps.gamification.api.serializers import GamificationEventSerializer

from ..constants import (
    FUTURE_ME_MAX_CHARS,
    REVERSE_MAX_CHARS,
    STREAM_APPEND_MAX_CHARS,
)
from ..models import WantsRawStatus

# --- input


class WantsStreamTextInputSerializer(serializers.Serializer):
    text = StrictCharField(min_length=1, max_length=STREAM_APPEND_MAX_CHARS)


class WantsFutureMeSetInputSerializer(serializers.Serializer):
    text = StrictCharField(min_length=1, max_length=FUTURE_ME_MAX_CHARS)


class WantsFutureMeAppendInputSerializer(serializers.Serializer):
    text = StrictCharField(min_length=1, max_length=FUTURE_ME_MAX_CHARS)


class WantsReverseInputSerializer(serializers.Serializer):
    raw_envy = StrictCharField(required=False, allow_blank=True, max_length=REVERSE_MAX_CHARS)
    raw_regrets = StrictCharField(required=False, allow_blank=True, max_length=REVERSE_MAX_CHARS)
    raw_what_to_do_5y = StrictCharField(required=False, allow_blank=True, max_length=REVERSE_MAX_CHARS)


# --- output


class WantsRawPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=WantsRawStatus.choices)
    raw_wants_stream = StrictCharField()
    stream_started_at = serializers.DateTimeField(allow_null=True)
    stream_completed_at = serializers.DateTimeField(allow_null=True)
    raw_future_me = StrictCharField()
    future_me_started_at = serializers.DateTimeField(allow_null=True)
    future_me_completed_at = serializers.DateTimeField(allow_null=True)
    raw_envy = StrictCharField()
    raw_regrets = StrictCharField()
    raw_what_to_do_5y = StrictCharField()
    reverse_completed_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WantsRawCompletedSerializer(WantsRawPublicSerializer):
    """WantsRawPublic of the completed record plus the XP event (null if already paid)."""

    gamification_event = GamificationEventSerializer(allow_null=True)


class WantsStreamStatePublicSerializer(serializers.Serializer):
    raw_id = serializers.UUIDField(source="id")
    stream_started_at = serializers.DateTimeField(allow_null=True)
    stream_completed_at = serializers.DateTimeField(allow_null=True)
    stream_timer_seconds = serializers.IntegerField(help_text="Recommended length of the stream, seconds.")


class WantsStreamAppendPublicSerializer(serializers.Serializer):
    raw_id = serializers.UUIDField()
    is_completed = serializers.BooleanField(help_text="True once the stream is completed (e.g. by “стоп”).")
    raw_wants_stream_preview = StrictCharField(help_text="The last ~500 characters of the stream.")


class WantsFutureMePublicSerializer(serializers.Serializer):
    raw_id = serializers.UUIDField(source="id")
    raw_future_me = StrictCharField()
    future_me_started_at = serializers.DateTimeField(allow_null=True)
    future_me_completed_at = serializers.DateTimeField(allow_null=True)


class WantsReversePublicSerializer(serializers.Serializer):
    raw_id = serializers.UUIDField(source="id")
    raw_envy = StrictCharField()
    raw_regrets = StrictCharField()
    raw_what_to_do_5y = StrictCharField()
    reverse_completed_at = serializers.DateTimeField(allow_null=True)


class WantsExerciseProgressSerializer(serializers.Serializer):
    started = serializers.BooleanField()
    completed = serializers.BooleanField()
    started_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    chars = serializers.IntegerField(min_value=0)


class WantsReverseProgressSerializer(serializers.Serializer):
    envy_filled = serializers.BooleanField()
    regrets_filled = serializers.BooleanField()
    what_to_do_5y_filled = serializers.BooleanField()
    completed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    chars = serializers.IntegerField(min_value=0, help_text="Characters of the three answers together.")


class WantsProgressPublicSerializer(serializers.Serializer):
    """The draft's checklist. Without a draft: `raw_id` and `status` are null, every flag is
    false, every timestamp null and every count 0."""

    raw_id = serializers.UUIDField(allow_null=True)
    status = serializers.ChoiceField(choices=WantsRawStatus.choices, allow_null=True)
    stream = WantsExerciseProgressSerializer()
    future_me = WantsExerciseProgressSerializer()
    reverse = WantsReverseProgressSerializer()
    ready_to_complete = serializers.BooleanField()


class WantsTopWantSerializer(serializers.Serializer):
    text = StrictCharField()
    area_id = StrictCharField(help_text="An area id (GET /areas).")
    intensity = serializers.IntegerField(min_value=1, max_value=10)


class WantsAreaInsightSerializer(serializers.Serializer):
    area_id = StrictCharField(help_text="An area id (GET /areas).")
    insight = StrictCharField()


class WantsAnalysisPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    raw_id = serializers.UUIDField()
    summary = StrictCharField()
    top_wants = WantsTopWantSerializer(many=True)
    by_area = WantsAreaInsightSerializer(many=True)
    hidden_motives = serializers.ListField(child=StrictCharField())
    recommended_focus_areas = serializers.ListField(child=StrictCharField(help_text="An area id (GET /areas)."))
    model = StrictCharField(help_text="The AI model that wrote it; \"offline\" for the offline backend.")
    created_at = serializers.DateTimeField()


class WantsHistoryPageSerializer(serializers.Serializer):
    items = WantsRawPublicSerializer(many=True)
