"""What `rituals.weekly_review` shows the AI, and the shape its answer must have (also
`ai_analysis` in the API).

The context is the week's stats, its journal (answers cut) and planned steps, and the user's
reflection; the answer is validated by `WeeklyAIAnalysisSerializer`."""

from datetime import date, timedelta

from rest_framework import serializers

from apps.core.validation import StrictCharField
from apps.steps.selectors import step_list_planned_between

from .models import JournalEntry

AI_ANSWER_MAX_CHARS = 500
AI_STEPS_MAX = 30


def rituals_weekly_review_context(*, user, week_start: date, user_reflection: str, locale: str) -> dict:
    """What the AI sees for `rituals.weekly_review`: the week's stats, its journal (answers
    cut to AI_ANSWER_MAX_CHARS per text) and its planned steps, and the user's reflection."""
    from .selectors import weekly_stats  # here: selectors -> presenters -> api.serializers -> ai

    week_end = week_start + timedelta(days=6)
    entries = JournalEntry.objects.filter(user=user, entry_date__range=(week_start, week_end)).order_by(
        "entry_date", "-type"
    )
    steps = step_list_planned_between(user=user, start=week_start, end=week_end).values_list(
        "title", "status", "planned_date"
    )[:AI_STEPS_MAX]
    return {
        "locale": locale,
        "week_start": week_start.isoformat(),
        "week_end": week_end.isoformat(),
        "user_reflection": user_reflection,
        "stats": weekly_stats(user=user, week_start=week_start),
        "journal": [
            {
                "date": e.entry_date.isoformat(),
                "type": e.type,
                "mood_score": e.mood_score,
                "energy_score": e.energy_score,
                "answers": {k: _cut(v) for k, v in e.answers.items()},
            }
            for e in entries
        ],
        "steps": [{"title": t, "status": s, "planned_date": d.isoformat()} for t, s, d in steps],
    }


def _cut(value):
    if isinstance(value, str):
        return value[:AI_ANSWER_MAX_CHARS]
    if isinstance(value, list):
        return [_cut(v) for v in value]
    return value


class WeeklyAIAnalysisSerializer(serializers.Serializer):
    """What the AI writes about the week, built on the week's stats and the user's reflection."""

    summary = StrictCharField(max_length=4000, help_text="2–4 sentences on the week, citing its numbers.")
    wins = serializers.ListField(child=StrictCharField(max_length=500), max_length=10)
    challenges = serializers.ListField(child=StrictCharField(max_length=500), max_length=10)
    recommendations = serializers.ListField(child=StrictCharField(max_length=500), min_length=1, max_length=10)
    focus_next_week = StrictCharField(max_length=1000)
