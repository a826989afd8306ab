import json

import pytest

from apps.core.registry import exporters

from .factories import CompletedWantsRawFactory, WantsAnalysisFactory, WantsRawFactory

pytestmark = pytest.mark.django_db

WANTS_PATHS = [
    "/api/v1/wants/raw", "/api/v1/wants/raw/{raw_id}", "/api/v1/wants/stream/start", "/api/v1/wants/stream/append",
    "/api/v1/wants/stream/finish", "/api/v1/wants/future-me", "/api/v1/wants/future-me/append",
    "/api/v1/wants/future-me/finish", "/api/v1/wants/reverse", "/api/v1/wants/progress", "/api/v1/wants/complete",
    "/api/v1/wants/analyze", "/api/v1/wants/analysis", "/api/v1/wants/history",
]


def test_exporter_dumps_only_the_users_raws_and_analyses(user):
    draft = WantsRawFactory(user=user, raw_wants_stream="draft text")
    analysis = WantsAnalysisFactory(raw__user=user)
    WantsAnalysisFactory()  # someone else's
    data = exporters()["wants"](user)
    json.dumps(data)  # JSON-ready
    assert {raw["id"] for raw in data["raws"]} == {str(draft.id), str(analysis.raw_id)}
    assert [a["id"] for a in data["analyses"]] == [str(analysis.id)]
    assert data["analyses"][0]["top_wants"] == analysis.top_wants


def test_exporter_of_a_user_without_wants(user):
    CompletedWantsRawFactory()
    assert exporters()["wants"](user) == {"raws": [], "analyses": []}


def test_schema_documents_every_wants_endpoint_and_error(client):
    schema = client.get("/api/schema?format=json").json()
    for path in WANTS_PATHS:
        assert path in schema["paths"], path
    codes = lambda path, method: set(schema["paths"][path][method]["x-error-codes"])  # noqa: E731
    assert {"WANTS_DRAFT_NOT_FOUND"} <= codes("/api/v1/wants/raw", "get")
    assert {"WANTS_STREAM_ALREADY_COMPLETED", "VALIDATION_ERROR"} <= codes("/api/v1/wants/stream/append", "post")
    assert {"WANTS_RAW_NOT_READY", "WANTS_DRAFT_NOT_FOUND", "WANTS_RAW_IMMUTABLE"} <= codes("/api/v1/wants/complete", "post")
    assert {"WANTS_RAW_NOT_FOUND"} <= codes("/api/v1/wants/raw/{raw_id}", "get")
    assert {"QUOTA_EXCEEDED", "WANTS_COMPLETED_NOT_FOUND", "WANTS_AI_TIMEOUT", "WANTS_AI_FAILED"} <= codes(
        "/api/v1/wants/analyze", "post"
    )
    components = schema["components"]["schemas"]
    assert "gamification_event" in components["WantsRawCompleted"]["properties"]
    assert set(components["WantsProgressPublic"]["properties"]) == {
        "raw_id", "status", "stream", "future_me", "reverse", "ready_to_complete",
    }
    history = schema["paths"]["/api/v1/wants/history"]["get"]
    assert {p["name"] for p in history["parameters"]} >= {"page", "page_size"}
