"""Public dicts of rituals (API bodies, AI job results)."""

from apps.core.sqlread import DateText, UTCText, UUIDText, text_values
from apps.steps.api.serializers import StepPublicSerializer

from .api.serializers import RitualsTodaySerializer, WeeklyReviewCreatedSerializer

# JournalEntryPublic's fields as GET /rituals/entries selects them (selectors): the id, the
# date and the moment as the API's text, written by PostgreSQL (apps/core/sqlread.py).
ENTRY_COLUMNS = ("type", "answers", "mood_score", "energy_score")
ENTRY_TEXT_COLUMNS = {"id_text": UUIDText("id"), "entry_date_text": DateText("entry_date"), "created_at_text": UTCText("created_at")}


def entry_public(entry) -> dict:
    """JournalEntryPublic from a model instance or a `.values()` dict of ENTRY_COLUMNS and
    ENTRY_TEXT_COLUMNS, written as JournalEntryPublicSerializer would, without building one
    per row."""
    row = entry if isinstance(entry, dict) else _entry_row(entry)
    return {
        "id": row["id_text"],
        "type": str(row["type"]),
        "entry_date": row["entry_date_text"],
        "answers": row["answers"],
        "mood_score": row["mood_score"],
        "energy_score": row["energy_score"],
        "created_at": row["created_at_text"],
    }


def _entry_row(entry) -> dict:
    return {
        **{name: getattr(entry, name) for name in ENTRY_COLUMNS},
        **text_values(entry, ENTRY_TEXT_COLUMNS),
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
