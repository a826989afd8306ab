"""The OpenAPI schema documents every goals and steps endpoint with its error codes."""

import uuid

import pytest

from tests.goals.factories import GoalFactory

from .helpers import err

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/api/v1/goals", "get"): {"VALIDATION_ERROR"},
    ("/api/v1/goals/batch", "post"): {"VALIDATION_ERROR"},
    ("/api/v1/goals/generate", "post"): {"QUOTA_EXCEEDED", "AI_BUSY", "GOALS_AI_TIMEOUT", "GOALS_AI_FAILED"},
    ("/api/v1/goals/{goal_id}", "put"): {"GOAL_NOT_FOUND", "VALIDATION_ERROR"},
    ("/api/v1/goals/{goal_id}", "delete"): {"GOAL_NOT_FOUND"},
    ("/api/v1/steps", "get"): {"VALIDATION_ERROR"},
    ("/api/v1/steps/batch", "post"): {"VALIDATION_ERROR", "GOAL_NOT_FOUND", "STEP_NOT_FOUND"},
    ("/api/v1/steps/generate", "post"): {
        "QUOTA_EXCEEDED", "AI_BUSY", "STEPS_GOALS_NOT_FOUND", "STEPS_AI_TIMEOUT", "STEPS_AI_FAILED",
    },
    ("/api/v1/steps/{step_id}", "put"): {"STEP_NOT_FOUND", "VALIDATION_ERROR"},
    ("/api/v1/steps/{step_id}", "delete"): {"STEP_NOT_FOUND"},
}


def test_schema_documents_every_endpoint_and_its_errors(client):
    schema = client.get("/api/schema?format=json").json()
    for (path, method), codes in ENDPOINTS.items():
        assert codes <= set(schema["paths"][path][method]["x-error-codes"]), (path, method)
    components = schema["components"]["schemas"]
    assert set(components["GoalPublic"]["properties"]) == {
        "id", "area_id", "title", "description", "horizon", "status", "priority", "size", "target_date", "metric",
        "source", "completed_at", "created_at", "updated_at", "progress",
    }
    assert set(components["StepPublic"]["properties"]) == {
        "id", "goal_id", "parent_id", "level", "title", "description", "status", "planned_date", "order_index",
        "completed_at", "created_at", "updated_at",
    }
    assert set(components["GoalInRequest"]["required"]) == {"area_id", "title", "horizon"}
    assert "required" not in components["GoalUpdateInRequest"]
    assert {"ref", "parent_ref"} <= set(components["StepBatchItemRequest"]["properties"])
    for path, filters, component in (
        ("/api/v1/goals", {"horizon", "status"}, "GoalPublic"),
        ("/api/v1/steps", {"goal_id", "level", "status"}, "StepPublic"),
    ):
        listing = schema["paths"][path]["get"]
        assert {p["name"] for p in listing["parameters"]} == filters  # no paging: every row
        result = listing["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["result"]
        assert result == {"type": "array", "items": {"$ref": f"#/components/schemas/{component}"}}


def test_ai_endpoints_answer_ai_busy_past_the_wait_limit(auth_client, settings):
    settings.AI_MAX_WAITS_PER_PROCESS = 0
    err(auth_client.post("/api/v1/goals/generate"), 503, "AI_BUSY")
    goal = GoalFactory(user=auth_client.user)
    err(auth_client.post("/api/v1/steps/generate", {"goal_ids": [str(goal.id)]}, format="json"), 503, "AI_BUSY")


def test_steps_batch_is_at_most_500_items(auth_client):
    items = [{"goal_id": str(uuid.uuid4()), "level": "day", "title": "d"}] * 501
    err(auth_client.post("/api/v1/steps/batch", {"steps": items}, format="json"), 422, "VALIDATION_ERROR")
