"""Reads of goals, always scoped by owner. Lists carry each goal's step progress computed in
the same query (correlated COUNT subqueries over the steps' goal index), never one query
per goal."""

import uuid

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from apps.core.caching import cache_drop

from .errors import GoalNotFound
from .models import Goal


def plan_first_page_key(list_name: str, user_id) -> str:
    """The cached default first page of GET /goals or GET /steps (apps/core/pagination.py).
    Both depend on steps (a goal carries its progress), so every write to a goal or a step
    drops both: `plan_first_pages_drop`."""
    return f"{list_name}:first_page:{user_id}"


def plan_first_pages_drop(user_id) -> None:
    """Drop now and again after commit, so a reader racing the transaction cannot re-cache
    the old page."""
    cache_drop(plan_first_page_key("goals", user_id), plan_first_page_key("steps", user_id))


def _step_model():
    """The steps app's Step, through the reverse relation `Goal.steps`: goals sit below steps
    in the layers (steps import goals), so goals name no module of the steps app."""
    return Goal._meta.get_field("steps").related_model


def _steps_count(**filters) -> Coalesce:
    Step = _step_model()  # noqa: N806
    counted = (
        Step.objects.filter(goal=OuterRef("pk"), **filters)
        .order_by()
        .values("goal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_progress(queryset):
    """Annotate `steps_total` and `steps_done` (every step of the goal, any level)."""
    done = _step_model().Status.DONE
    return queryset.annotate(steps_total=_steps_count(), steps_done=_steps_count(status=done))


def goal_list(*, user, horizon: str | None = None, status: str | None = None):
    """The user's goals, oldest first, with progress (paginate the result)."""
    filters = Q(user=user)
    if horizon:
        filters &= Q(horizon=horizon)
    if status:
        filters &= Q(status=status)
    return with_progress(Goal.objects.filter(filters)).order_by("created_at", "id")


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
