"""Public dicts of steps built without serializers (hot lists)."""

from apps.core.sqlread import date_text, utc_text, uuid_text


def step_public(row: dict) -> dict:
    """StepPublic from one row of `selectors.step_rows` (a `.values()` dict whose ids, dates
    and timestamps PostgreSQL already wrote as text): the same JSON as StepPublicSerializer
    at a fraction of its cost, with no model instance (a hot list: see docs/notes/shapes.md;
    tests/goals/test_queries.py keeps the two equal)."""
    return {
        "id": uuid_text(row["id_text"]),
        "goal_id": uuid_text(row["goal_id_text"]),
        "parent_id": uuid_text(row["parent_id_text"]),
        "level": row["level"],
        "title": row["title"],
        "description": row["description"],
        "status": row["status"],
        "planned_date": date_text(row["planned_date_text"]),
        "order_index": row["order_index"],
        "completed_at": utc_text(row["completed_at_text"]),
        "created_at": utc_text(row["created_at_text"]),
        "updated_at": utc_text(row["updated_at_text"]),
    }
