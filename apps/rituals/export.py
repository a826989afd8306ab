"""This app's part of `GET /me/export`."""

from apps.core.timestamps import iso_utc

from .models import JournalEntry


def rituals_export(user) -> dict:
    entries = JournalEntry.objects.filter(user=user).order_by("entry_date", "type")
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
        ]
    }
