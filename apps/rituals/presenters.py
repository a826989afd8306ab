"""Public dicts of rituals (API bodies, AI job results)."""

from apps.steps.api.serializers import StepPublicSerializer

from .api.serializers import JournalEntryPublicSerializer, RitualsTodaySerializer, WeeklyReviewCreatedSerializer


def entry_public(entry) -> dict:
    return JournalEntryPublicSerializer(entry).data


def today_public(data: dict) -> dict:
    """RitualsToday as a plain, JSON-ready dict (it is cached)."""
    return dict(RitualsTodaySerializer(data).data)


def steps_public(steps) -> list[dict]:
    return StepPublicSerializer(steps, many=True).data


def review_created_public(review, event: dict | None) -> dict:
    """WeeklyReviewPublic + `gamification_event`, JSON-ready (it is also the AI job's result)."""
    return WeeklyReviewCreatedSerializer(
        {
            "id": review.id,
            "week_start": review.week_start,
            "user_reflection": review.user_reflection,
            "stats": review.stats,
            "ai_analysis": review.ai_analysis,
            "model": review.model,
            "status": review.status,
            "created_at": review.created_at,
            "gamification_event": event,
        }
    ).data
