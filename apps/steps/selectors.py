"""Reads of steps, always scoped by owner (`Step.user`, one indexed query). Other apps
(rituals: weekly stats and the weekly plan) use `step_list`, `step_list_unplanned` and
`step_list_by_ids`."""

import uuid
from datetime import date

from django.db.models import Case, F, IntegerField, Q, Value, When

from .errors import StepNotFound
from .models import LEVEL_RANK, Step, StepLevel, StepStatus

_LEVEL_RANK = Case(*[When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()], output_field=IntegerField())

# Parents before children (widest level first), then chronologically, then the client's order.
STEP_ORDER = (
    "level_rank",
    F("planned_date").asc(nulls_last=True),
    "order_index",
    "created_at",
    "id",
)


def ordered(queryset):
    return queryset.annotate(level_rank=_LEVEL_RANK).order_by(*STEP_ORDER)


def step_list(*, user, goal_id: uuid.UUID | None = None, level: str | None = None, status: str | None = None):
    """The user's steps (widest level first, then by planned date and order_index)."""
    filters = Q(user=user)
    if goal_id is not None:
        filters &= Q(goal_id=goal_id)
    if level:
        filters &= Q(level=level)
    if status:
        filters &= Q(status=status)
    return ordered(Step.objects.filter(filters))


def step_list_unplanned(*, user):
    """Quarter and month steps without a planned date that are still open (not done or
    skipped): the candidates for the next week's plan."""
    return ordered(
        Step.objects.filter(
            user=user,
            level__in=[StepLevel.QUARTER, StepLevel.MONTH],
            planned_date__isnull=True,
        ).exclude(status__in=[StepStatus.DONE, StepStatus.SKIPPED])
    )


def step_list_planned_between(*, user, start: date, end: date):
    """Steps planned on `start`..`end` (inclusive), e.g. one ISO week."""
    return ordered(Step.objects.filter(user=user, planned_date__gte=start, planned_date__lte=end))


def step_list_by_ids(*, user, step_ids) -> list[Step]:
    """The user's steps among `step_ids` (foreign and missing ones left out)."""
    return list(ordered(Step.objects.filter(user=user, pk__in=list(step_ids))))


def step_get(*, user, step_id) -> Step:
    """One step of the user; a missing, foreign or malformed id is 404 STEP_NOT_FOUND."""
    try:
        pk = uuid.UUID(str(step_id))
    except ValueError as exc:
        raise StepNotFound() from exc
    step = Step.objects.filter(pk=pk, user=user).first()
    if step is None:
        raise StepNotFound()
    return step


def step_weekly_counts(*, user, start: date, end: date) -> dict:
    """`{"steps_planned": n, "steps_done": m}` of the steps planned on `start`..`end`: one query."""
    from django.db.models import Count

    return Step.objects.filter(user=user, planned_date__gte=start, planned_date__lte=end).aggregate(
        steps_planned=Count("pk"), steps_done=Count("pk", filter=Q(status=StepStatus.DONE))
    )
