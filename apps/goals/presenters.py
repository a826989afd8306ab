"""Public dicts of goals built without serializers (hot lists)."""

from apps.core.timestamps import iso_date, iso_utc


def goal_public(row: dict) -> dict:
    """GoalPublic from one row of `selectors.goal_rows` (a `.values()` dict): the same JSON as
    GoalPublicSerializer at a fraction of its cost, with no model instance (a hot list: see
    bench/PROFILE.md; tests/goals/test_queries.py keeps the two equal)."""
    return {
        "id": str(row["id"]),
        "area_id": row["area_id"],
        "title": row["title"],
        "description": row["description"],
        "horizon": row["horizon"],
        "status": row["status"],
        "priority": row["priority"],
        "size": row["size"],
        "target_date": iso_date(row["target_date"]),
        "metric": row["metric"],
        "source": row["source"],
        "completed_at": iso_utc(row["completed_at"]),
        "created_at": iso_utc(row["created_at"]),
        "updated_at": iso_utc(row["updated_at"]),
        "progress": {"steps_total": row["steps_total"], "steps_done": row["steps_done"]},
    }
