"""Reads for the admin overview: each series of the last N days is one aggregate query,
whatever the number of users or rows."""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber, TruncDate, TruncMonth
from django.utils import timezone

from apps.accounts.models import Session, User
from apps.ai.jobs import ai_job_kinds
from apps.ai.models import AIJob
from apps.gamification.models import XPEvent
from apps.gamification.selectors import streak_distribution
from apps.limits.models import QuotaCharge, Resource
from apps.reminders.selectors import deliveries_per_day
from apps.rituals.models import JournalEntry

OVERVIEW_DAYS = 30


def day_range(*, today: date, days: int = OVERVIEW_DAYS) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def _start(day: date) -> datetime:
    """Midnight UTC of `day`: a range on the raw column keeps its index usable."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def signups_per_day(*, since: date) -> dict[date, int]:
    rows = (
        User.objects.filter(created_at__gte=_start(since))
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(count=Count("id"))
        .values_list("day", "count")
    )
    return {_as_date(day): count for day, count in rows}


def active_users_per_day(*, since: date) -> dict[date, int]:
    """Distinct users per day who signed in, used or refreshed a session, or left a trace
    (an XP event, a ritual entry, an AI call): one UNION query, counted in the database."""
    sources = [
        (Session, "created_at"),
        (Session, "last_used_at"),
        (XPEvent, "created_at"),
        (JournalEntry, "created_at"),
        (QuotaCharge, "created_at"),
    ]
    parts = [
        model.objects.filter(**{f"{column}__gte": _start(since)})
        .annotate(day=TruncDate(column))
        .values_list("user_id", "day")
        .order_by()
        for model, column in sources
    ]
    union = parts[0].union(*parts[1:])  # UNION (not ALL): each (user, day) once
    inner_sql, params = union.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day, COUNT(*) FROM ({inner_sql}) AS active GROUP BY day", params)  # noqa: S608
        return {_as_date(day): count for day, count in cursor.fetchall()}


def ai_calls_per_day(*, since: date) -> dict[date, dict[str, dict[str, int]]]:
    """`{day: {kind: {"ok": n, "failed": n}}}`: AI jobs (apps.ai AIJob) created per day by
    `kind`, "ok" = succeeded, "failed" = failed (queued and running jobs count in neither).
    One aggregate query on the indexed `created_at`."""
    rows = (
        AIJob.objects.filter(created_at__gte=_start(since))
        .annotate(day=TruncDate("created_at"))
        .values("day", "kind")
        .annotate(
            ok=Count("id", filter=Q(status=AIJob.Status.SUCCEEDED)),
            failed=Count("id", filter=Q(status=AIJob.Status.FAILED)),
        )
        .order_by()
        .values_list("day", "kind", "ok", "failed")
    )
    result: dict[date, dict[str, dict[str, int]]] = defaultdict(dict)
    for day, kind, ok, failed in rows:
        result[_as_date(day)][kind] = {"ok": ok, "failed": failed}
    return dict(result)


def ai_call_kinds(calls: dict[date, dict[str, dict[str, int]]] | None = None) -> list[str]:
    """The kinds the AI chart shows: every registered job kind, in a fixed order, then any
    other kind found in `calls` (a retired job's old rows)."""
    kinds = ai_job_kinds()
    for per_kind in (calls or {}).values():
        kinds.extend(kind for kind in per_kind if kind not in kinds)
    return kinds


def quota_exhaustions_per_day(*, since: date) -> dict[date, dict[str, int]]:
    """`{day: {resource: users}}`: the day a user's charge reached their plan's monthly limit.
    The limit-th charge of a (user, resource, month) is found with a window function, so this
    is one query; the window starts at the month holding `since` (months are UTC)."""
    month_start = since.replace(day=1)
    limit = Case(
        *[
            When(user__plan=plan, resource=resource, then=Value(units))
            for plan, limits in settings.QUOTA_LIMITS.items()
            for resource, units in limits.items()
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        QuotaCharge.objects.filter(created_at__gte=_start(month_start))
        .annotate(
            number=Window(
                RowNumber(),
                partition_by=[F("user_id"), F("resource"), TruncMonth("created_at")],
                order_by=[F("created_at").asc(), F("id").asc()],
            ),
            limit=limit,
            day=TruncDate("created_at"),
        )
        .filter(number=F("limit"))
        .values_list("day", "resource")
    )
    result: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, resource in rows:
        day = _as_date(day)
        if day >= since:
            result[day][resource] += 1
    return {day: dict(counts) for day, counts in result.items()}


def user_totals() -> dict[str, int]:
    return User.objects.aggregate(
        total=Count("id"),
        verified=Count("id", filter=Q(is_email_verified=True)),
        telegram=Count("id", filter=Q(telegram_id__isnull=False)),
        pro=Count("id", filter=Q(plan=User.Plan.PRO)),
    )


def overview_get(*, today: date | None = None, days: int = OVERVIEW_DAYS) -> dict:
    """Everything the overview page draws, for the `days` days ending `today` (UTC)."""
    today = today or timezone.now().date()
    dates = day_range(today=today, days=days)
    since = dates[0]
    signups = signups_per_day(since=since)
    active = active_users_per_day(since=since)
    ai = ai_calls_per_day(since=since)
    exhausted = quota_exhaustions_per_day(since=since)
    kinds = ai_call_kinds(ai)
    reminders = deliveries_per_day(since=since)
    return {
        "dates": dates,
        "signups": [signups.get(day, 0) for day in dates],
        "active_users": [active.get(day, 0) for day in dates],
        "ai_kinds": kinds,
        "ai_calls": {kind: [ai.get(day, {}).get(kind, {}).get("ok", 0) for day in dates] for kind in kinds},
        "ai_failed": [sum(v["failed"] for v in ai.get(day, {}).values()) for day in dates],
        "quota_exhausted": {
            resource: [exhausted.get(day, {}).get(resource, 0) for day in dates] for resource in Resource.values
        },
        "streaks": streak_distribution(today=today),
        "reminders": {  # deliveries per day by outcome (apps/reminders)
            status: [reminders.get(day, {}).get(status, 0) for day in dates] for status in ("sent", "skipped", "failed")
        },
        "totals": user_totals(),
    }
