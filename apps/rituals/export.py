"""This app's part of `GET /me/export`."""

from apps.core.timestamps import iso_utc

from .models import JournalEntry, WeeklyReview


def rituals_export(user) -> dict:
    entries = JournalEntry.objects.filter(user=user).order_by("entry_date", "type")
    reviews = WeeklyReview.objects.filter(user=user).order_by("week_start")
    return {
        "journal_entries": [
            {
                "id": str(e.id),
                "type": e.type,
                "entry_date": e.entry_date.isoformat(),
                "answers": e.answers,
                "mood_score": e.mood_score,
                "energy_score": e.energy_score,
                "created_at": iso_utc(e.created_at),
            }
            for e in entries
        ],
        "weekly_reviews": [
            {
                "id": str(r.id),
                "week_start": r.week_start.isoformat(),
                "status": r.status,
                "user_reflection": r.user_reflection,
                "stats": r.stats,
                "ai_analysis": r.ai_analysis,
                "model": r.model,
                "created_at": iso_utc(r.created_at),
            }
            for r in reviews
        ],
    }
