"""Public dicts of goals built without serializers (hot lists)."""


def goal_public(row: dict) -> dict:
    """GoalPublic from one row of `selectors.goal_rows` (a `.values()` dict whose ids, dates and
    timestamps are the API's text already: sqlread's text columns): the same JSON as
    GoalPublicSerializer at a fraction of its cost, with no model instance (a hot list: see
    docs/notes/shapes.md; tests/goals/test_queries.py keeps the two equal)."""
    return {
        "id": row["id_text"],
        "area_id": row["area_id"],
        "title": row["title"],
        "description": row["description"],
        "horizon": row["horizon"],
        "status": row["status"],
        "priority": row["priority"],
        "size": row["size"],
        "target_date": row["target_date_text"],
        "metric": row["metric"],
        "source": row["source"],
        "completed_at": row["completed_at_text"],
        "created_at": row["created_at_text"],
        "updated_at": row["updated_at_text"],
        "progress": {"steps_total": row["steps_total"], "steps_done": row["steps_done"]},
    }
