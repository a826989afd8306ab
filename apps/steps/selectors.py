"""Reads of steps, always scoped by owner (`Step.user`, one indexed query). Other apps
(rituals: weekly stats and the weekly plan) use `step_list`, `step_list_unplanned` and
`step_list_by_ids`."""

import uuid
from datetime import date

from django.db.models import Q

from apps.core.lookups import row_get
from apps.core.sqlread import CompiledList, DateText, UTCText, UUIDText

from .errors import StepNotFound
from .models import LEVEL_RANK_SQL, STEP_ORDER_AFTER_LEVEL, Step, StepLevel, StepStatus

# Parents before children (widest level first), then chronologically, then the client's order:
# the order of the expression indexes on Step (models.py).
STEP_ORDER = (LEVEL_RANK_SQL.asc(), *STEP_ORDER_AFTER_LEVEL)

# The columns of StepPublic (apps/steps/presenters.py) read by `step_rows`: ids, dates and
# timestamps as the API's text, written by PostgreSQL (apps/core/sqlread.py).
STEP_COLUMNS = ("level", "title", "description", "status", "order_index")
STEP_TEXT_COLUMNS = {
    "id_text": UUIDText("id"),
    "goal_id_text": UUIDText("goal_id"),
    "parent_id_text": UUIDText("parent_id"),
    "planned_date_text": DateText("planned_date"),
    "completed_at_text": UTCText("completed_at"),
    "created_at_text": UTCText("created_at"),
    "updated_at_text": UTCText("updated_at"),
}


def ordered(queryset):
    return queryset.order_by(*STEP_ORDER)


def step_list(*, user, goal_id: uuid.UUID | None = None, level: str | None = None, status: str | None = None):
    """The user's steps (widest level first, then by planned date and order_index). Each
    filter has its index in this order (Step.Meta.indexes); with one level the rank is the
    same for every row, so it is left out of the ORDER BY and `step_user_level_order_idx`
    serves it."""
    return _step_list(owner_id=user.pk, goal_id=goal_id, level=level, status=status)


def _step_list(*, owner_id, goal_id, level: str | None, status: str | None):
    filters = Q(user_id=owner_id)
    if goal_id is not None:
        filters &= Q(goal_id=goal_id)
    if level:
        filters &= Q(level=level)
    if status:
        filters &= Q(status=status)
    steps = Step.objects.filter(filters)
    if level and goal_id is None:
        return steps.order_by(*STEP_ORDER_AFTER_LEVEL)
    return ordered(steps)


# Compiled once per (goal or not, level, status) on PostgreSQL (apps/core/sqlread.py).
_STEP_ROWS = CompiledList(
    "steps.step_rows",
    lambda owner_id, goal_id, level, status: _step_list(
        owner_id=owner_id, goal_id=goal_id, level=level, status=status
    ).values(*STEP_COLUMNS, **STEP_TEXT_COLUMNS),
    varying=("owner_id", "goal_id"),
)


def step_rows(*, user, goal_id: uuid.UUID | None = None, level: str | None = None, status: str | None = None) -> list[dict]:
    """Every step of `step_list` as a dict of STEP_COLUMNS and STEP_TEXT_COLUMNS: one query, no
    model instances (the whole list, unpaged, is the answer of `GET /steps`)."""
    return _STEP_ROWS.rows(owner_id=user.pk, goal_id=goal_id, level=level or None, status=status or None)


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
    return row_get(Step.objects.filter(user=user), step_id, StepNotFound)


def step_weekly_counts(*, user, start: date, end: date) -> dict:
    """`{"steps_planned": n, "steps_done": m}` of the steps planned on `start`..`end`: one query."""
    from django.db.models import Count

    return Step.objects.filter(user=user, planned_date__gte=start, planned_date__lte=end).aggregate(
        steps_planned=Count("pk"), steps_done=Count("pk", filter=Q(status=StepStatus.DONE))
    )
