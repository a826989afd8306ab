"""Writes and rules of the step plan.

The tree: a step's parent is a step of the same goal at a strictly narrower level
(year > quarter > month > week > day). Because levels strictly narrow along every parent
link, a tree can never contain a cycle. XP `step_done` is paid once per step when its
status becomes `done` (the ledger's unique row; the step row is locked for the update)."""

from collections import defaultdict
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ValidationFailed
from apps.core.models import status_changes_apply
from apps.gamification.services import xp_award
from apps.goals.errors import GoalNotFound
from apps.goals.selectors import goal_ids_owned

from .errors import StepNotFound
from .models import LEVEL_RANK, Step, StepStatus


def _narrower(child_level: str, parent_level: str) -> bool:
    return LEVEL_RANK[child_level] > LEVEL_RANK[parent_level]


def steps_create_batch(*, user, steps: list[dict]) -> list[Step]:
    """Save a whole tree in one transaction, all or nothing; returns the steps in the given
    order. An item's parent is either `parent_id` (an existing step of the same goal) or
    `parent_ref` (the `ref` of an EARLIER item of the batch). Refused, nothing saved:
    422 for a duplicate or unknown ref, a parent of another goal or a level not narrower
    than the parent's; 404 GOAL_NOT_FOUND / STEP_NOT_FOUND for a goal or parent step that
    is not the caller's (`fields` names the item, e.g. `steps.3.goal_id`). `order_index`
    defaults to the item's position among its siblings in the batch."""
    ref_index = _batch_refs_checked(steps)
    with transaction.atomic():
        parents = _batch_owners_checked(user=user, steps=steps)
        rows = _batch_rows(user=user, steps=steps, ref_index=ref_index, parents=parents)
        # Parents precede their children in `rows`, and the ids are set in Python, so one
        # INSERT (batched by the database backend) writes the whole tree. The goals and
        # parents are locked, so a concurrent delete cannot leave an orphan behind.
        Step.objects.bulk_create(rows)
    return rows


class _BatchErrors(dict):
    """422 `fields` of a batch, keyed `steps.<index>.<field>`."""

    def refuse(self, index: int, field: str, message: str) -> None:
        self.setdefault(f"steps.{index}.{field}", []).append(message)

    def raise_any(self) -> None:
        if self:
            raise ValidationFailed(fields=dict(self))


def _batch_refs_checked(steps: list[dict]) -> dict[str, int]:
    """References inside the batch go only to earlier items, so no cycle can be written.
    Returns each ref's item index; 422 for both parents given, an unknown or a reused ref."""
    errors = _BatchErrors()
    ref_index: dict[str, int] = {}
    for index, item in enumerate(steps):
        if item.get("parent_ref") is not None and item.get("parent_id") is not None:
            errors.refuse(index, "parent_ref", _("Give either parent_id or parent_ref, not both."))
        parent_ref = item.get("parent_ref")
        if parent_ref is not None and parent_ref not in ref_index:
            errors.refuse(index, "parent_ref", _("Refer to the ref of an earlier item of this batch."))
        ref = item.get("ref")
        if ref is not None:
            if ref in ref_index:
                errors.refuse(index, "ref", _("This ref is already used in the batch."))
            else:
                ref_index[ref] = index
    errors.raise_any()
    return ref_index


def _batch_owners_checked(*, user, steps: list[dict]) -> dict:
    """Goals and existing parents must be the caller's (two queries, both rows locked).
    Returns the parents' `{pk, goal_id, level}` rows by pk; 404 naming the items otherwise."""
    owned_goals = goal_ids_owned(user=user, goal_ids={item["goal_id"] for item in steps}, for_update=True)
    missing_goals = {
        f"steps.{i}.goal_id": [str(GoalNotFound.message)] for i, item in enumerate(steps) if item["goal_id"] not in owned_goals
    }
    if missing_goals:
        raise GoalNotFound(fields=missing_goals)
    parent_ids = {item["parent_id"] for item in steps if item.get("parent_id") is not None}
    parents = {
        row["pk"]: row
        for row in Step.objects.select_for_update().filter(user=user, pk__in=list(parent_ids)).values("pk", "goal_id", "level")
    }
    missing_parents = {
        f"steps.{i}.parent_id": [str(StepNotFound.message)]
        for i, item in enumerate(steps)
        if item.get("parent_id") is not None and item["parent_id"] not in parents
    }
    if missing_parents:
        raise StepNotFound(fields=missing_parents)
    return parents


class _BatchParent(NamedTuple):
    field: str | None  # the item's field that names the parent; None for a top-level step
    pk: object
    goal_id: object
    level: str | None
    siblings_key: tuple  # the parent (or the goal, for top-level steps) whose children it counts


def _batch_parent(item: dict, *, rows: list[Step], ref_index: dict[str, int], parents: dict) -> _BatchParent:
    """The parent of a batch item: an earlier row of the batch (`parent_ref`), an existing
    step (`parent_id`) or none."""
    if item.get("parent_ref") is not None:
        row = rows[ref_index[item["parent_ref"]]]
        return _BatchParent("parent_ref", row.pk, row.goal_id, row.level, ("ref", item["parent_ref"]))
    if item.get("parent_id") is not None:
        row = parents[item["parent_id"]]
        return _BatchParent("parent_id", row["pk"], row["goal_id"], row["level"], ("id", row["pk"]))
    return _BatchParent(None, None, None, None, ("goal", item["goal_id"]))


def _batch_rows(*, user, steps: list[dict], ref_index: dict[str, int], parents: dict) -> list[Step]:
    """The unsaved rows in the given order. Tree rules: a parent of the same goal at a wider
    level (422 otherwise); `order_index` defaults to the position among the batch's siblings."""
    errors = _BatchErrors()
    now = timezone.now()
    rows: list[Step] = []
    siblings: dict[tuple, int] = defaultdict(int)
    for index, item in enumerate(steps):
        parent = _batch_parent(item, rows=rows, ref_index=ref_index, parents=parents)
        if parent.field is not None and parent.goal_id != item["goal_id"]:
            errors.refuse(index, parent.field, _("The parent step belongs to another goal."))
        if parent.field is not None and not _narrower(item["level"], parent.level):
            errors.refuse(index, "level", _("A step must be at a narrower level than its parent (%(level)s).") % {"level": parent.level})
        order_index = item.get("order_index")
        if order_index is None:
            order_index = siblings[parent.siblings_key]
        siblings[parent.siblings_key] += 1
        status = item.get("status") or StepStatus.PLANNED
        rows.append(
            Step(
                user=user,
                goal_id=item["goal_id"],
                parent_id=parent.pk,
                level=item["level"],
                title=item["title"],
                description=item.get("description", ""),
                status=status,
                planned_date=item.get("planned_date"),
                order_index=order_index,
                completed_at=now if status == StepStatus.DONE else None,
            )
        )
    errors.raise_any()
    return rows


def step_update(*, user, step: Step, **changes) -> tuple[Step, dict | None]:
    """Apply the given fields (partial update). A new `parent_id` must be a step of the
    same goal at a wider level (404 STEP_NOT_FOUND when it is not the caller's); a new
    `level` must stay narrower than the parent's and wider than every child's; the goal
    cannot change (422). `completed_at` follows the status. Returns the step and the
    `gamification_event` (non-null when it became `done` and `step_done` XP was not paid)."""
    with transaction.atomic():
        locked = Step.objects.select_for_update().get(pk=step.pk)
        goal_id = changes.pop("goal_id", locked.goal_id)
        if goal_id != locked.goal_id:
            raise ValidationFailed(fields={"goal_id": [_("A step cannot move to another goal.")]})
        level = changes.get("level", locked.level)
        if "parent_id" in changes:
            locked.parent_id = _parent_checked(user=user, step=locked, parent_id=changes.pop("parent_id"), level=level)
        elif "level" in changes and locked.parent_id is not None:
            parent_level = Step.objects.filter(pk=locked.parent_id).values_list("level", flat=True).first()
            if parent_level is not None and not _narrower(level, parent_level):
                raise ValidationFailed(fields={"level": [_("A step must be at a narrower level than its parent.")]})
        if "level" in changes:
            too_wide = [lv for lv, rank in LEVEL_RANK.items() if rank <= LEVEL_RANK[level]]
            if Step.objects.filter(parent_id=locked.pk, level__in=too_wide).exists():
                raise ValidationFailed(fields={"level": [_("A step must be at a wider level than its sub-steps.")]})
        became_done = status_changes_apply(locked, changes, done_status=StepStatus.DONE)
        locked.save()
        event = xp_award(user=user, reason="step_done", object_id=locked.pk) if became_done else None
    return locked, event


def _parent_checked(*, user, step: Step, parent_id, level: str):
    if parent_id is None:
        return None
    if parent_id == step.pk:
        raise ValidationFailed(fields={"parent_id": [_("A step cannot be its own parent.")]})
    parent = Step.objects.select_for_update().filter(pk=parent_id, user=user).values("goal_id", "level").first()
    if parent is None:
        raise StepNotFound(fields={"parent_id": [str(StepNotFound.message)]})
    if parent["goal_id"] != step.goal_id:
        raise ValidationFailed(fields={"parent_id": [_("The parent step belongs to another goal.")]})
    if not _narrower(level, parent["level"]):
        # Also refuses any descendant as the new parent: descendants are all narrower.
        raise ValidationFailed(fields={"level": [_("A step must be at a narrower level than its parent.")]})
    return parent_id


def step_delete(*, step: Step) -> None:
    """Delete the step and all its sub-steps (cascade). The step row is locked first, so a
    concurrent batch adding children to it finishes before the cascade collects them."""
    with transaction.atomic():
        if Step.objects.select_for_update().filter(pk=step.pk).exists():
            Step.objects.filter(pk=step.pk).delete()
