"""The JSON the AI must answer for `rituals.weekly_review` (also `ai_analysis` in the API)."""

from rest_framework import serializers

from apps.core.validation import StrictCharField


class WeeklyAIAnalysisSerializer(serializers.Serializer):
    """What the AI writes about the week, built on the week's stats and the user's reflection."""

    summary = StrictCharField(max_length=4000, help_text="2–4 sentences on the week, citing its numbers.")
    wins = serializers.ListField(child=StrictCharField(max_length=500), max_length=10)
    challenges = serializers.ListField(child=StrictCharField(max_length=500), max_length=10)
    recommendations = serializers.ListField(child=StrictCharField(max_length=500), min_length=1, max_length=10)
    focus_next_week = StrictCharField(max_length=1000)
