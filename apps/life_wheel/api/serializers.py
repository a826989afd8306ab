from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.areas.models import AREA_ID_MAX_LENGTH
from apps.core.validation import JSONLimits, StrictCharField, free_json_check
from apps.gamification.api.serializers import GamificationEventSerializer

MAX_SCORED_AREAS = 50
SCORES_LIMITS = JSONLimits(max_depth=1, max_keys=MAX_SCORED_AREAS, max_key_chars=AREA_ID_MAX_LENGTH)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 10})
class LifeWheelScoreField(serializers.Field):
    """A whole number 0..10 as a JSON integer: no strings, floats or booleans."""

    default_error_messages = {"invalid": _("A score must be a whole number from 0 to 10.")}

    def to_internal_value(self, data):
        if type(data) is not int or not 0 <= data <= 10:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class LifeWheelScoresField(serializers.DictField):
    default_error_messages = {
        "too_many": _("At most {max} areas can be scored."),
        "long_key": _("An area id has at most {max} characters."),
    }

    def __init__(self, **kwargs):
        super().__init__(child=LifeWheelScoreField(), **kwargs)

    def to_internal_value(self, data):
        # Size checks first, so a huge object costs nothing and errors stay small.
        if isinstance(data, dict):
            if len(data) > MAX_SCORED_AREAS:
                self.fail("too_many", max=MAX_SCORED_AREAS)
            if any(len(str(key)) > AREA_ID_MAX_LENGTH for key in data):
                self.fail("long_key", max=AREA_ID_MAX_LENGTH)
            free_json_check(data, SCORES_LIMITS)  # keys: no NUL, no unpaired surrogate
        return super().to_internal_value(data)


class LifeWheelCreateSerializer(serializers.Serializer):
    scores = LifeWheelScoresField(help_text="`{area_id: 0..10}` for active areas, at least one.")
    note = StrictCharField(max_length=2000, allow_blank=True, required=False, default="")


class LifeWheelPublicSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    scores = serializers.DictField(child=LifeWheelScoreField())
    note = StrictCharField()
    created_at = serializers.DateTimeField()


class LifeWheelCreatedSerializer(LifeWheelPublicSerializer):
    gamification_event = GamificationEventSerializer(allow_null=True)


class LifeWheelPageSerializer(serializers.Serializer):
    items = LifeWheelPublicSerializer(many=True)
