"""Writes and rules of the rituals module. "Today", "this week" and "overdue" are always the
user's local calendar (`apps.core.timezones`).

Time zone changes: an entry's `entry_date` is the local date at the moment it is written, in
the zone the user has at that moment, and is never recomputed. The database allows one entry
of each type per (user, entry_date), so "one morning and one evening per local day" holds
whatever the user does with their zone: moving east can skip a date, moving west can make
"today" a date that already has its entries (409) — never two entries of one type on a date.
Weeks are local Monday..Sunday date ranges, so a week's entries are those whose `entry_date`
falls in it, whichever zone each was written in."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.timezones import iso_week_start, local_date, local_week_start
from apps.core.usercache import AnswerCache
from apps.gamification.selectors import streak_get
from apps.gamification.services import xp_award
from apps.steps.models import Step, StepStatus

from . import selectors
from .constants import REVIEW_GRACE_DAYS
from .errors import RitualsAlreadyCompleted, RitualsStepsNotFound, RitualsWeekAlreadyReviewed
from .models import JournalEntry, WeeklyReview, WeeklyReviewStatus
from .presenters import today_public


def journal_entry_create(
    *, user, type: str, answers: dict, mood_score: int | None = None, energy_score: int | None = None
) -> tuple[JournalEntry, dict | None, int]:
    """Save today's (local) `type` entry, pay its XP and unlock streak achievements in one
    transaction. Returns the entry, the gamification event and the current streak.
    409 RITUALS_ALREADY_COMPLETED when this type is already done today — decided by the
    database constraint, so two parallel posts give one entry and one 409."""
    today = local_date(user=user)
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry = JournalEntry.objects.create(
                    user=user,
                    type=type,
                    entry_date=today,
                    answers=answers,
                    mood_score=mood_score,
                    energy_score=energy_score,
                )
        except IntegrityError as exc:
            raise RitualsAlreadyCompleted(details={"type": type, "date": today.isoformat()}) from exc
        # xp_award re-evaluates achievements with this entry counted, so streak achievements
        # unlock in this transaction (or not at all if it rolls back); it also renews the
        # cached gamification profile (the streak is part of it).
        event = xp_award(user=user, reason="ritual_entry", object_id=entry.id)
        TODAY_CACHE.renew(user.pk)
    streak = streak_get(user=user, today=today).current
    return entry, event, streak


def rituals_today(*, user, today: date | None = None) -> dict:
    """Today's local date, its entries, the current streak and the weekly-review interception."""
    today = today or local_date(user=user)
    entries = selectors.journal_entries_of_day(user=user, day=today)
    return {
        "date": today,
        "morning": entries.get(JournalEntry.Type.MORNING),
        "evening": entries.get(JournalEntry.Type.EVENING),
        "streak": streak_get(user=user, today=today).current,
        "interception": weekly_interception(user=user, today=today),
    }


# GET /rituals/today's answer, cached per user (apps/core/usercache.py) for the local date and
# time zone it was built for; every service below that writes a journal entry or a weekly
# review renews it (nothing else writes them: the admin is read-only). The answer that
# archives a week (`fresh_start`, given exactly once) is never cached.
TODAY_CACHE = AnswerCache("rituals:today")


def rituals_today_body(*, user, found: dict | None = None) -> dict:
    """GET /rituals/today's body. `found`: the prefetched values of `TODAY_CACHE.keys`."""
    today = local_date(user=user)
    return TODAY_CACHE.get_or_build(
        user.pk,
        found=found,
        stamp=(today.isoformat(), str(user.time_zone)),
        build=lambda: today_public(rituals_today(user=user, today=today)),
        cacheable=lambda body: not (body["interception"] and body["interception"]["type"] == "fresh_start"),
    )


def weekly_interception(*, user, today: date) -> dict | None:
    """The interception of the last finished local ISO week:

    - none for the signup week or earlier, or when the week has a review (completed or archived);
    - `force_review` while it is 1..REVIEW_GRACE_DAYS days overdue (Monday = 1 day);
    - later, the week is archived (a review with status `archived`) and `fresh_start` is
      answered — exactly once: the archive is a row under the one-review-per-week constraint,
      so of two racing requests only the one whose insert wins answers `fresh_start`, and
      every later request sees the row and answers nothing."""
    last_week = iso_week_start(today) - timedelta(days=7)
    if last_week <= selectors.signup_week_start(user=user):
        return None
    if selectors.weekly_reviewed_weeks(user=user, week_starts=[last_week]):
        return None
    days_overdue = (today - (last_week + timedelta(days=6))).days
    if days_overdue <= REVIEW_GRACE_DAYS:
        return {"type": "force_review", "week_start": last_week, "days_overdue": days_overdue}
    if not weekly_review_archive(user=user, week_start=last_week):
        return None
    return {"type": "fresh_start", "archived_week_start": last_week}


def weekly_review_archive(*, user, week_start: date) -> bool:
    """Archive an unreviewed week (its stats kept). False when the week already has a review
    (e.g. a concurrent request archived it first)."""
    stats = selectors.weekly_stats(user=user, week_start=week_start)
    try:
        with transaction.atomic():
            WeeklyReview.objects.create(
                user=user, week_start=week_start, status=WeeklyReviewStatus.ARCHIVED, stats=stats
            )
    except IntegrityError:
        return False
    TODAY_CACHE.renew(user.pk)
    return True


def weekly_review_target_week(*, user, today: date | None = None) -> date:
    """The week `POST /rituals/weekly/analyze` reviews: the last finished week while it is
    unreviewed and still in its grace period (not before the signup week), else the current
    week. 409 RITUALS_WEEK_ALREADY_REVIEWED when that one has a review."""
    today = today or local_date(user=user)
    current = iso_week_start(today)
    last = current - timedelta(days=7)
    reviewed = selectors.weekly_reviewed_weeks(user=user, week_starts=[last, current])
    in_grace = (today - current).days + 1 <= REVIEW_GRACE_DAYS
    if in_grace and last not in reviewed and last >= selectors.signup_week_start(user=user):
        return last
    if current in reviewed:
        raise RitualsWeekAlreadyReviewed(details={"week_start": current.isoformat()})
    return current


def weekly_review_create(
    *, user, week_start: date, user_reflection: str, ai_analysis: dict, model: str
) -> tuple[WeeklyReview, dict | None]:
    """Save the completed review of `week_start` with its stats read now, and pay its XP, in
    one transaction. 409 RITUALS_WEEK_ALREADY_REVIEWED when the week got a review meanwhile
    (a parallel analysis, or an archive by `GET /today`)."""
    stats = selectors.weekly_stats(user=user, week_start=week_start)
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = WeeklyReview.objects.create(
                    user=user,
                    week_start=week_start,
                    status=WeeklyReviewStatus.COMPLETED,
                    user_reflection=user_reflection,
                    stats=stats,
                    ai_analysis=ai_analysis,
                    model=model,
                )
        except IntegrityError as exc:
            raise RitualsWeekAlreadyReviewed(details={"week_start": week_start.isoformat()}) from exc
        event = xp_award(user=user, reason="weekly_review", object_id=review.id)
        TODAY_CACHE.renew(user.pk)
    return review, event


def weekly_plan_commit(*, user, step_ids: list) -> list[Step]:
    """Put the chosen steps into next (local) week: `planned_date` spread over Monday..Sunday
    in the given order (one step: Monday; seven: one a day; more: evenly), `status=planned`.
    All or nothing: 404 RITUALS_STEPS_NOT_FOUND when the list is empty or any id is not one of
    the caller's open steps (missing, another user's, done or skipped). Returns the steps in
    the given order."""
    ids = list(dict.fromkeys(step_ids))  # duplicates once, first position kept
    if not ids:
        raise RitualsStepsNotFound()
    next_monday = local_week_start(user=user) + timedelta(days=7)
    with transaction.atomic():
        found = {
            s.pk: s
            for s in Step.objects.select_for_update()
            .filter(user=user, pk__in=ids)
            .exclude(status__in=[StepStatus.DONE, StepStatus.SKIPPED])
        }
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise RitualsStepsNotFound(details={"step_ids": missing})
        now = timezone.now()
        steps = [found[i] for i in ids]
        for index, step in enumerate(steps):
            step.planned_date = next_monday + timedelta(days=index * 7 // len(steps))
            step.status = StepStatus.PLANNED
            step.updated_at = now
        Step.objects.bulk_update(steps, ["planned_date", "status", "updated_at"])
    return steps
