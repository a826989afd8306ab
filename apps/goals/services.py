"""Writes and rules of goals.

XP: `goal_created` once per new goal (one batch award); `goal_done_small` / `goal_done_big`
when a goal's status becomes `done`, paid once per goal whatever its size and however often
the status goes back and forth (the goal row is locked, the ledger is checked for both
reasons). A goal created already `done` records `completed_at` but pays no completion XP."""

from django.db import transaction
from django.utils import timezone

from apps.core.models import status_changes_apply
from apps.gamification.selectors import xp_paid
from apps.gamification.services import xp_award, xp_award_many

from .models import Goal, GoalSize, GoalStatus

DONE_REASONS = {GoalSize.SMALL: "goal_done_small", GoalSize.BIG: "goal_done_big"}


def goals_create_batch(*, user, goals: list[dict]) -> tuple[list[Goal], dict | None]:
    """Save every goal of the batch or none; returns them in the given order and the one
    `gamification_event` of their `goal_created` XP."""
    now = timezone.now()
    rows = [
        Goal(user=user, completed_at=now if data.get("status") == GoalStatus.DONE else None, **data)
        for data in goals
    ]
    with transaction.atomic():
        Goal.objects.bulk_create(rows)
        event = xp_award_many(user=user, reason="goal_created", object_ids=[goal.pk for goal in rows])
    for goal in rows:
        goal.steps_total = goal.steps_done = 0
    return rows, event


def goal_update(*, user, goal: Goal, **changes) -> tuple[Goal, dict | None]:
    """Apply the given fields (partial update). `completed_at` follows the status: set when
    it becomes `done`, cleared when it leaves `done`. Returns the goal and the completion
    `gamification_event` (None unless this update made it `done` for the first time)."""
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        became_done = status_changes_apply(locked, changes, done_status=GoalStatus.DONE)
        locked.save()
        event = goal_done_reward(user=user, goal=locked) if became_done else None
    # Progress does not change with the goal's own fields; keep the caller's annotations.
    locked.steps_total = getattr(goal, "steps_total", 0)
    locked.steps_done = getattr(goal, "steps_done", 0)
    return locked, event


def goal_done_reward(*, user, goal: Goal) -> dict | None:
    """Completion XP of a goal, once per goal. Call inside the transaction holding its lock."""
    if xp_paid(user=user, reasons=tuple(DONE_REASONS.values()), object_id=goal.pk):
        return None
    return xp_award(user=user, reason=DONE_REASONS[GoalSize(goal.size)], object_id=goal.pk)


def goal_delete(*, goal: Goal) -> None:
    """Delete the goal with all its steps (cascade). The goal row is locked first, so a
    concurrent steps batch for it finishes before the cascade collects the steps."""
    with transaction.atomic():
        if Goal.objects.select_for_update().filter(pk=goal.pk).exists():
            Goal.objects.filter(pk=goal.pk).delete()
