"""Public dicts of steps built without serializers (hot lists)."""


def step_public(row: dict) -> dict:
    """StepPublic from one row of `selectors.step_rows` (a `.values()` dict whose ids, dates
    and timestamps are the API's text already: sqlread's text columns): the same JSON as
    StepPublicSerializer at a fraction of its cost, with no model instance (a hot list: see
    docs/notes/shapes.md; tests/goals/test_queries.py keeps the two equal)."""
    return {
        "id": row["id_text"],
        "goal_id": row["goal_id_text"],
        "parent_id": row["parent_id_text"],
        "level": row["level"],
        "title": row["title"],
        "description": row["description"],
        "status": row["status"],
        "planned_date": row["planned_date_text"],
        "order_index": row["order_index"],
        "completed_at": row["completed_at_text"],
        "created_at": row["created_at_text"],
        "updated_at": row["updated_at_text"],
    }
