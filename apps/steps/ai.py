"""What `steps.generate` shows the AI, and the shape its answer must have.

The answer is a flat list of steps linked by `ref` / `parent_ref` (a parent always comes
before its children), exactly the items `POST /steps/batch` takes. Each level spans a period
starting at its `planned_date` (year 12 months, quarter 3, month 1, week 7 days, day 1 day);
a child's date lies inside its parent's period, and every date inside the plan's window."""

import uuid
from datetime import date, timedelta

from django.db.models import Count
from rest_framework import serializers

from apps.core.dates import add_months
from apps.core.timestamps import iso_date
from apps.core.timezones import iso_week_key

from .models import LEVEL_RANK, TITLE_MAX_CHARS, Step, StepLevel, StepStatus

STEPS_AI_MAX = 500
LEVEL_SPAN_MONTHS = {StepLevel.YEAR: 12, StepLevel.QUARTER: 3, StepLevel.MONTH: 1}
LEVEL_SPAN_DAYS = {StepLevel.WEEK: 7, StepLevel.DAY: 1}


def period_end(level: str, start: date) -> date:
    """The last day of a step's period that starts on `start`."""
    if level in LEVEL_SPAN_MONTHS:
        return add_months(start, LEVEL_SPAN_MONTHS[level]) - timedelta(days=1)
    return start + timedelta(days=LEVEL_SPAN_DAYS[level] - 1)


def steps_generate_context(*, user, params: dict, locale: str) -> dict:
    from apps.goals.selectors import goal_list_by_ids

    from .errors import StepsGoalsNotFound

    goal_ids = params["goal_ids"]
    goals = goal_list_by_ids(user=user, goal_ids=[uuid.UUID(g) for g in goal_ids])
    if len(goals) != len(goal_ids):  # deleted between the request and the worker
        raise StepsGoalsNotFound()
    start = date.fromisoformat(params["start_date"])
    end = date.fromisoformat(params["end_date"])
    load = params.get("load") or {}
    planned = (
        Step.objects.filter(
            user=user,
            level=StepLevel.DAY,
            planned_date__gte=start,
            planned_date__lte=end,
            status__in=[StepStatus.PLANNED, StepStatus.IN_PROGRESS],
        )
        .values("planned_date")
        .annotate(n=Count("pk"))
        .values_list("planned_date", "n")
    )
    per_week: dict[str, int] = {}
    for day, count in planned:
        per_week[iso_week_key(day)] = per_week.get(iso_week_key(day), 0) + count
    return {
        "locale": locale,
        "plan": {"start_date": start.isoformat(), "end_date": end.isoformat()},
        "load": {
            "steps_per_week": load.get("steps_per_week", 3),
            "weekdays": load.get("weekdays", [1, 2, 3, 4, 5]),
            "day_steps_already_planned_per_iso_week": per_week,
        },
        "goals": [
            {
                "id": str(goal.pk),
                "title": goal.title,
                "description": goal.description[:2000],
                "area_id": goal.area_id,
                "horizon": goal.horizon,
                "target_date": iso_date(goal.target_date),
                "metric": goal.metric,
            }
            for goal in goals
        ],
    }


class StepsAIStep(serializers.Serializer):
    ref = serializers.CharField(max_length=64)
    parent_ref = serializers.CharField(max_length=64, allow_null=True, required=False, default=None)
    goal_id = serializers.UUIDField()
    level = serializers.ChoiceField(choices=StepLevel.choices)
    title = serializers.CharField(max_length=TITLE_MAX_CHARS)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    planned_date = serializers.DateField()
    order_index = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=None, allow_null=True)


class StepsAIOutput(serializers.Serializer):
    """The model's plan; `validate` checks the tree itself (so an answer breaking it counts as
    invalid output: retried once, then STEPS_AI_FAILED)."""

    steps = StepsAIStep(many=True, allow_empty=False, max_length=STEPS_AI_MAX)

    def validate(self, attrs):
        errors = plan_tree_errors(attrs["steps"])
        if errors:
            raise serializers.ValidationError({"steps": errors[:10]})
        return attrs


def plan_tree_errors(steps: list[dict]) -> list[str]:
    """What is wrong with a plan's tree: refs, parents, levels, dates inside the parent's period."""
    errors: list[str] = []
    seen: dict[str, dict] = {}
    for index, step in enumerate(steps):
        if step["ref"] in seen:
            errors.append(f"{index}: duplicate ref {step['ref']!r}")
        parent_ref = step.get("parent_ref")
        if parent_ref is not None:
            parent = seen.get(parent_ref)
            if parent is None:
                errors.append(f"{index}: parent_ref {parent_ref!r} is not an earlier item")
            elif parent["goal_id"] != step["goal_id"]:
                errors.append(f"{index}: parent of another goal")
            elif LEVEL_RANK[step["level"]] <= LEVEL_RANK[parent["level"]]:
                errors.append(f"{index}: level {step['level']} is not narrower than {parent['level']}")
            elif not parent["planned_date"] <= step["planned_date"] <= period_end(parent["level"], parent["planned_date"]):
                errors.append(f"{index}: planned_date outside the parent's period")
        seen.setdefault(step["ref"], step)
    return errors


def steps_suggestions(*, data: dict, goal_ids: list[str], start: date, end: date) -> list[dict] | None:
    """The validated plan as batch items (`order_index` = position among siblings when not
    given), or None when it leaves the requested goals or the plan's window."""
    allowed = set(goal_ids)
    siblings: dict[tuple, int] = {}
    items = []
    for step in data["steps"]:
        if str(step["goal_id"]) not in allowed or not start <= step["planned_date"] <= end:
            return None
        key = (str(step["goal_id"]), step.get("parent_ref"))
        position = siblings.get(key, 0)
        siblings[key] = position + 1
        items.append(
            {
                "ref": step["ref"],
                "parent_ref": step.get("parent_ref"),
                "goal_id": str(step["goal_id"]),
                "level": step["level"],
                "title": step["title"],
                "description": step.get("description") or "",
                "planned_date": step["planned_date"].isoformat(),
                "order_index": step["order_index"] if step.get("order_index") is not None else position,
            }
        )
    return items

