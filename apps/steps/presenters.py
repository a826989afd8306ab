"""Public dicts of steps built without serializers (hot lists)."""

from apps.core.timestamps import iso_date, iso_utc


def step_public(step) -> dict:
    """StepPublic as a plain dict, the same JSON as StepPublicSerializer at a fraction of its
    cost (a hot list: see bench/PROFILE.md)."""
    return {
        "id": str(step.id),
        "goal_id": str(step.goal_id),
        "parent_id": str(step.parent_id) if step.parent_id else None,
        "level": step.level,
        "title": step.title,
        "description": step.description,
        "status": step.status,
        "planned_date": iso_date(step.planned_date),
        "order_index": step.order_index,
        "completed_at": iso_utc(step.completed_at),
        "created_at": iso_utc(step.created_at),
        "updated_at": iso_utc(step.updated_at),
    }
