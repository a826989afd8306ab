"""Reads of goals, always scoped by owner. Lists carry each goal's step progress computed in
the same query (correlated COUNT subqueries over the steps' goal index), never one query
per goal. `GET /goals` reads `goal_rows`: plain dicts (`.values()`), no model instances."""

import uuid

from django.db.models import Func, IntegerField, OuterRef, Q, Subquery

from apps.core.sqlread import CompiledList, DateText, UTCText, UUIDText

from .errors import GoalNotFound
from .models import Goal

_COUNT_ROWS = Func(template="COUNT(*)", output_field=IntegerField())


def _step_model():
    """The steps app's Step, through the reverse relation `Goal.steps`: goals sit below steps
    in the layers (steps import goals), so goals name no module of the steps app."""
    return Goal._meta.get_field("steps").related_model


def _steps_count(**filters) -> Subquery:
    """`(SELECT COUNT(*) FROM steps WHERE goal_id = goals.id [AND ...])`: no GROUP BY (an
    aggregate without one always answers one row), and counted from `step_goal_status_idx`
    alone (an index-only scan: COUNT(*) names no other column)."""
    Step = _step_model()  # noqa: N806
    counted = Step.objects.filter(goal=OuterRef("pk"), **filters).order_by().annotate(n=_COUNT_ROWS).values("n")
    return Subquery(counted, output_field=IntegerField())


def with_progress(queryset):
    """Annotate `steps_total` and `steps_done` (every step of the goal, any level)."""
    done = _step_model().Status.DONE
    return queryset.annotate(steps_total=_steps_count(), steps_done=_steps_count(status=done))


# The columns of GoalPublic (apps/goals/presenters.py) read by `goal_rows`: ids, dates and
# timestamps as the API's text, written by PostgreSQL (apps/core/sqlread.py).
GOAL_COLUMNS = ("area_id", "title", "description", "horizon", "status", "priority", "size", "metric", "source")
GOAL_TEXT_COLUMNS = {
    "id_text": UUIDText("id"),
    "target_date_text": DateText("target_date"),
    "completed_at_text": UTCText("completed_at"),
    "created_at_text": UTCText("created_at"),
    "updated_at_text": UTCText("updated_at"),
}


def goal_list(*, user, horizon: str | None = None, status: str | None = None):
    """The user's goals, oldest first, with progress. The order matches the indexes
    `goal_user_created_id_idx`, `goal_user_horizon_created_idx` and
    `goal_user_status_created_idx` (one per filter)."""
    return _goal_list(owner_id=user.pk, horizon=horizon, status=status)


def _goal_list(*, owner_id, horizon: str | None, status: str | None):
    filters = Q(user_id=owner_id)
    if horizon:
        filters &= Q(horizon=horizon)
    if status:
        filters &= Q(status=status)
    return with_progress(Goal.objects.filter(filters)).order_by("created_at", "id")


# Compiled once per (horizon, status) on PostgreSQL (apps/core/sqlread.py).
_GOAL_ROWS = CompiledList(
    "goals.goal_rows",
    lambda owner_id, horizon, status: _goal_list(owner_id=owner_id, horizon=horizon, status=status).values(
        *GOAL_COLUMNS, "steps_total", "steps_done", **GOAL_TEXT_COLUMNS
    ),
    varying=("owner_id",),
)


def goal_rows(*, user, horizon: str | None = None, status: str | None = None) -> list[dict]:
    """Every goal of `goal_list` as a dict of GOAL_COLUMNS, GOAL_TEXT_COLUMNS, `steps_total` and
    `steps_done`: one query, no model instances (the whole list, unpaged, is the answer of
    `GET /goals`)."""
    return _GOAL_ROWS.rows(owner_id=user.pk, horizon=horizon or None, status=status or None)


def _goal_uuid(goal_id) -> uuid.UUID:
    try:
        return uuid.UUID(str(goal_id))
    except ValueError as exc:
        raise GoalNotFound() from exc


def goal_get(*, user, goal_id) -> Goal:
    """One goal of the user with progress; a missing, foreign or malformed id is 404."""
    goal = with_progress(Goal.objects.filter(pk=_goal_uuid(goal_id), user=user)).first()
    if goal is None:
        raise GoalNotFound()
    return goal


def goal_ids_owned(*, user, goal_ids, for_update: bool = False) -> set[uuid.UUID]:
    """Which of `goal_ids` (UUIDs) are goals of the user: one query. `for_update` locks those
    goal rows until the transaction ends (a concurrent delete of the goal waits)."""
    goals = Goal.objects.filter(user=user, pk__in=list(goal_ids))
    if for_update:
        goals = goals.select_for_update()
    return set(goals.values_list("pk", flat=True))


def goal_list_by_ids(*, user, goal_ids) -> list[Goal]:
    """The user's goals among `goal_ids`, in the given order (missing ones left out)."""
    goals = {goal.pk: goal for goal in Goal.objects.filter(user=user, pk__in=list(goal_ids))}
    return [goals[goal_id] for goal_id in goal_ids if goal_id in goals]
