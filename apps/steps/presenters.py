"""Public dicts of steps built without serializers (hot lists)."""

from apps.core.timestamps import iso_date, iso_utc


def step_public(row: dict) -> dict:
    """StepPublic from one row of `selectors.step_rows` (a `.values()` dict): the same JSON as
    StepPublicSerializer at a fraction of its cost, with no model instance (a hot list: see
    bench/PROFILE.md; tests/goals/test_queries.py keeps the two equal)."""
    parent_id = row["parent_id"]
    return {
        "id": str(row["id"]),
        "goal_id": str(row["goal_id"]),
        "parent_id": str(parent_id) if parent_id else None,
        "level": row["level"],
        "title": row["title"],
        "description": row["description"],
        "status": row["status"],
        "planned_date": iso_date(row["planned_date"]),
        "order_index": row["order_index"],
        "completed_at": iso_utc(row["completed_at"]),
        "created_at": iso_utc(row["created_at"]),
        "updated_at": iso_utc(row["updated_at"]),
    }
