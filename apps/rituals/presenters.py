"""Public dicts of rituals (API bodies, AI job results)."""

from apps.core.timestamps import iso_utc
from apps.steps.api.serializers import StepPublicSerializer

from .api.serializers import RitualsTodaySerializer, WeeklyReviewCreatedSerializer

# JournalEntryPublic's fields: what GET /rituals/entries reads with `.values()` (selectors).
ENTRY_PUBLIC_FIELDS = ("id", "type", "entry_date", "answers", "mood_score", "energy_score", "created_at")


def entry_public(entry) -> dict:
    """JournalEntryPublic from a model instance or a `.values()` dict of ENTRY_PUBLIC_FIELDS,
    written as JournalEntryPublicSerializer would, without building one per row."""
    row = entry if isinstance(entry, dict) else {name: getattr(entry, name) for name in ENTRY_PUBLIC_FIELDS}
    return {
        "id": str(row["id"]),
        "type": str(row["type"]),
        "entry_date": row["entry_date"].isoformat(),
        "answers": row["answers"],
        "mood_score": row["mood_score"],
        "energy_score": row["energy_score"],
        "created_at": iso_utc(row["created_at"]),
    }


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
