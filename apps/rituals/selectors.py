"""Reads of the rituals module, always scoped by owner."""

from datetime import date, timedelta

from apps.core.sqlread import BoundList, CompiledList
from apps.core.timezones import iso_week_start, local_date
from apps.steps.models import Step
from apps.steps.selectors import step_list_unplanned, step_weekly_counts

from .constants import PLAN_SUGGESTION_MAX_STEPS
from .models import JournalEntry, WeeklyReview
from .presenters import ENTRY_COLUMNS, ENTRY_TEXT_COLUMNS


def journal_entries_of_day(*, user, day: date) -> dict[str, JournalEntry]:
    """The user's entries of local `day` by type (`morning`, `evening`): one query."""
    return {e.type: e for e in JournalEntry.objects.filter(user=user, entry_date=day)}


def _journal(owner_id, date_from: date | None, date_to: date | None):
    entries = JournalEntry.objects.filter(user_id=owner_id)
    if date_from is not None:
        entries = entries.filter(entry_date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(entry_date__lte=date_to)
    # "evening" < "morning": unique per day
    return entries.order_by("-entry_date", "type").values(*ENTRY_COLUMNS, **ENTRY_TEXT_COLUMNS)


# Compiled once per (date_from set, date_to set) on PostgreSQL (apps/core/sqlread.py).
_JOURNAL = CompiledList("rituals.journal", _journal, varying=("owner_id", "date_from", "date_to"))


def journal_entry_list(*, user, date_from: date | None = None, date_to: date | None = None):
    """The user's journal, newest first (a day's evening before its morning), as `.values()`
    dicts (presenters.entry_public); `date_from` / `date_to` are
    inclusive local dates. Index journal_entry_user_newest."""
    return _JOURNAL.queryset(owner_id=user.pk, date_from=date_from, date_to=date_to)


def journal_entry_page_source(*, user, date_from: date | None = None, date_to: date | None = None) -> BoundList:
    """GET /rituals/entries, for `paginate`."""
    return _JOURNAL.bind(owner_id=user.pk, date_from=date_from, date_to=date_to)


def signup_week_start(*, user) -> date:
    """The Monday of the local week the user signed up in (in their current zone)."""
    return iso_week_start(local_date(user=user, at=user.created_at))


def weekly_reviewed_weeks(*, user, week_starts: list[date]) -> set[date]:
    """Which of `week_starts` already have a review (completed or archived): one query."""
    return set(WeeklyReview.objects.filter(user=user, week_start__in=week_starts).values_list("week_start", flat=True))


def weekly_stats(*, user, week_start: date) -> dict:
    """JSON-ready facts of one local week, from the database: entries, average mood and energy, the
    mood and energy of each day (Monday first; a day's value is the mean of its entries'
    scores, null without one), and the steps planned in that week and how many of them are
    done. Three queries."""
    week_end = week_start + timedelta(days=6)
    rows = list(
        JournalEntry.objects.filter(user=user, entry_date__range=(week_start, week_end)).values_list(
            "entry_date", "mood_score", "energy_score"
        )
    )
    days = []
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        of_day = [r for r in rows if r[0] == day]
        days.append(
            {
                "date": day.isoformat(),
                "entries": len(of_day),
                "mood": _mean(r[1] for r in of_day),
                "energy": _mean(r[2] for r in of_day),
            }
        )
    stats = {
        "week_start": week_start.isoformat(),
        "week_end": week_end.isoformat(),
        "entries": len(rows),
        "avg_mood": _mean(r[1] for r in rows),
        "avg_energy": _mean(r[2] for r in rows),
        "days": days,
    }
    stats.update(weekly_step_counts(user=user, week_start=week_start))
    return stats


def weekly_step_counts(*, user, week_start: date) -> dict:
    """`{steps_planned, steps_done}`: the user's steps planned on a date of that week, and how
    many of those are done — one aggregate query."""
    return step_weekly_counts(user=user, start=week_start, end=week_start + timedelta(days=6))


def plan_suggestion(*, user, limit: int = PLAN_SUGGESTION_MAX_STEPS) -> list[Step]:
    """Quarter and month steps with no planned date that are still open (not done or
    skipped), widest level first, then the client's order: candidates for next week's plan."""
    return list(step_list_unplanned(user=user)[:limit])


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return round(sum(present) / len(present), 1)
