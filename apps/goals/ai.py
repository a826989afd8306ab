"""What `goals.generate` shows the AI, and the shape its answer must have.

The context (built on the worker, outside any transaction) holds the user's latest future
story, wants analysis and life wheel, the active areas in the user's language, the goals the
user already has (to avoid duplicates) and the request's limits. The answer is validated by
`GoalsAIOutput`; `goals_suggestions` turns it into `GoalIn` dicts ready for POST /goals/batch."""

from datetime import date

from rest_framework import serializers

from apps.areas.selectors import area_list
from apps.core.timestamps import iso_date
from apps.core.timezones import local_date

from .models import TITLE_MAX_CHARS, GoalHorizon, GoalSize, GoalSource, GoalStatus

HORIZON_ORDER = list(GoalHorizon.values)  # 3y, 1y, quarter, month
STORY_MAX_CHARS = 6000
DEFAULT_LIMITS = {"max_goals": 6, "horizons": HORIZON_ORDER}


def _future_story(user) -> dict | None:
    """The latest future story's horizons, when the future_story app is installed."""
    try:
        from apps.future_story.selectors import future_story_latest
    except ImportError:  # the module is optional for goals
        return None
    story = future_story_latest(user=user)
    if story is None:
        return None
    horizons = {}
    for key, horizon in (story.horizons or {}).items():
        if isinstance(horizon, dict):
            horizons[key] = {
                "full_text": str(horizon.get("full_text") or "")[:STORY_MAX_CHARS],
                "by_area": [
                    {"area_id": a.get("area_id"), "title": a.get("title"), "paragraph": str(a.get("paragraph") or "")[:1000]}
                    for a in horizon.get("by_area") or []
                    if isinstance(a, dict)
                ][:12],
            }
    return horizons


def goals_generate_context(*, user, params: dict, locale: str) -> dict:
    from apps.life_wheel.selectors import life_wheel_latest
    from apps.wants.selectors import wants_analysis_latest

    from .models import Goal

    wheel = life_wheel_latest(user=user)
    analysis = wants_analysis_latest(user=user)
    limits = {**DEFAULT_LIMITS, **(params.get("limits") or {})}
    return {
        "locale": locale,
        "today": local_date(user=user).isoformat(),
        "limits": {"max_goals": limits["max_goals"], "horizons": [h for h in HORIZON_ORDER if h in limits["horizons"]]},
        "areas": [
            {"id": a["id"], "title": a[f"title_{locale}"] or a["title_ru"]} for a in area_list(include_inactive=False)
        ],
        "life_wheel": None if wheel is None else {"scores": wheel["scores"], "note": wheel["note"][:1000]},
        "wants_analysis": None
        if analysis is None
        else {
            "summary": analysis.summary,
            "top_wants": analysis.top_wants,
            "by_area": analysis.by_area,
            "hidden_motives": analysis.hidden_motives,
            "recommended_focus_areas": analysis.recommended_focus_areas,
        },
        "future_story": _future_story(user),
        "existing_goals": list(
            Goal.objects.filter(user=user).order_by("-created_at").values("title", "area_id", "horizon", "status")[:50]
        ),
    }


class GoalsAIGoal(serializers.Serializer):
    area_id = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=TITLE_MAX_CHARS)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    horizon = serializers.ChoiceField(choices=GoalHorizon.choices)
    priority = serializers.IntegerField(min_value=1, max_value=3, required=False, default=2)
    size = serializers.ChoiceField(choices=GoalSize.choices, required=False, default=GoalSize.SMALL)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    metric = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GoalsAIOutput(serializers.Serializer):
    goals = GoalsAIGoal(many=True, allow_empty=False, max_length=20)


def goals_suggestions(*, data: dict, active_area_ids: set[str], max_goals: int, horizons: list[str]) -> list[dict]:
    """The validated answer as `GoalIn` dicts (`source: ai`, `status: planned`), keeping only
    goals in active areas and allowed horizons, at most `max_goals`."""
    goals = []
    for goal in data["goals"]:
        if goal["area_id"] not in active_area_ids or goal["horizon"] not in horizons:
            continue
        target: date | None = goal.get("target_date")
        goals.append(
            {
                "area_id": goal["area_id"],
                "title": goal["title"],
                "description": goal.get("description") or "",
                "horizon": goal["horizon"],
                "status": GoalStatus.PLANNED,
                "priority": goal.get("priority") or 2,
                "size": goal.get("size") or GoalSize.SMALL,
                "target_date": iso_date(target),
                "metric": goal.get("metric") or "",
                "source": GoalSource.AI,
            }
        )
    return goals[:max_goals]
