"""Assertion helpers shared by the goals and steps tests."""

from tests.wants.helpers import err, ok, text_used  # noqa: F401


def goal_in(**overrides) -> dict:
    return {"title": "Run a half marathon", "area_id": "health", "horizon": "1y", **overrides}


def create_goals(client, *goals) -> list[dict]:
    return ok(client.post("/api/v1/goals/batch", {"goals": list(goals) or [goal_in()]}, format="json"))["items"]
