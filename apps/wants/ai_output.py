"""The shape the AI must answer `wants.analyze` with; apps.ai validates the model's JSON
against it (an answer that does not fit is AIBadResponse → 502 WANTS_AI_FAILED)."""

from rest_framework import serializers

from .constants import AREA_IDS


class WantsAITopWant(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    area_id = serializers.ChoiceField(choices=AREA_IDS)
    intensity = serializers.IntegerField(min_value=1, max_value=10)


class WantsAIAreaInsight(serializers.Serializer):
    area_id = serializers.ChoiceField(choices=AREA_IDS)
    insight = serializers.CharField(max_length=2000)


class WantsAnalysisAIOutput(serializers.Serializer):
    summary = serializers.CharField(max_length=4000)
    top_wants = WantsAITopWant(many=True, max_length=10)
    by_area = WantsAIAreaInsight(many=True, max_length=len(AREA_IDS))
    hidden_motives = serializers.ListField(child=serializers.CharField(max_length=1000), max_length=10)
    recommended_focus_areas = serializers.ListField(child=serializers.ChoiceField(choices=AREA_IDS), max_length=3)
