"""Public dicts of goals built without serializers (hot lists)."""

from apps.core.sqlread import date_text, utc_text, uuid_text


def goal_public(row: dict) -> dict:
    """GoalPublic from one row of `selectors.goal_rows` (a `.values()` dict whose ids, dates and
    timestamps PostgreSQL already wrote as text): the same JSON as GoalPublicSerializer at a
    fraction of its cost, with no model instance (a hot list: see docs/notes/shapes.md;
    tests/goals/test_queries.py keeps the two equal)."""
    return {
        "id": uuid_text(row["id_text"]),
        "area_id": row["area_id"],
        "title": row["title"],
        "description": row["description"],
        "horizon": row["horizon"],
        "status": row["status"],
        "priority": row["priority"],
        "size": row["size"],
        "target_date": date_text(row["target_date_text"]),
        "metric": row["metric"],
        "source": row["source"],
        "completed_at": utc_text(row["completed_at_text"]),
        "created_at": utc_text(row["created_at_text"]),
        "updated_at": utc_text(row["updated_at_text"]),
        "progress": {"steps_total": row["steps_total"], "steps_done": row["steps_done"]},
    }
