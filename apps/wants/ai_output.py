"""The shape the AI must answer `wants.analyze` with; apps.ai validates the model's JSON
against it (an answer that does not fit is AIBadResponse → 502 WANTS_AI_FAILED). Area ids are
checked against the areas active now (`active_area_ids()`), so areas an admin adds count."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.areas.selectors import active_area_ids

MAX_AREAS = 50


def active_area_id_validate(value: str) -> str:
    if value not in active_area_ids():
        raise serializers.ValidationError(_("Unknown or inactive area id."))
    return value


def area_id_field() -> serializers.CharField:
    return serializers.CharField(max_length=64, validators=[active_area_id_validate])


class WantsAITopWant(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    area_id = area_id_field()
    intensity = serializers.IntegerField(min_value=1, max_value=10)


class WantsAIAreaInsight(serializers.Serializer):
    area_id = area_id_field()
    insight = serializers.CharField(max_length=2000)


class WantsAnalysisAIOutput(serializers.Serializer):
    summary = serializers.CharField(max_length=4000)
    top_wants = WantsAITopWant(many=True, max_length=10)
    by_area = WantsAIAreaInsight(many=True, max_length=MAX_AREAS)
    hidden_motives = serializers.ListField(child=serializers.CharField(max_length=1000), max_length=10)
    recommended_focus_areas = serializers.ListField(child=area_id_field(), max_length=3)
