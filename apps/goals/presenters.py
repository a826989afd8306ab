"""Public dicts of goals built without serializers (hot lists)."""

from apps.core.timestamps import iso_date, iso_utc


def goal_public(goal) -> dict:
    """GoalPublic as a plain dict, the same JSON as GoalPublicSerializer at a fraction of its
    cost (a hot list: see bench/PROFILE.md)."""
    return {
        "id": str(goal.id),
        "area_id": goal.area_id,
        "title": goal.title,
        "description": goal.description,
        "horizon": goal.horizon,
        "status": goal.status,
        "priority": goal.priority,
        "size": goal.size,
        "target_date": iso_date(goal.target_date),
        "metric": goal.metric,
        "source": goal.source,
        "completed_at": iso_utc(goal.completed_at),
        "created_at": iso_utc(goal.created_at),
        "updated_at": iso_utc(goal.updated_at),
        "progress": {"steps_total": goal.steps_total, "steps_done": goal.steps_done},
    }
