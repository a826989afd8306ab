"""POST /wants/analyze against an OpenAI-compatible service (pytest-httpserver).

Runs once apps/ai/backends/openai.py exists (built in parallel by another helper)."""

import json
import time

import pytest
from werkzeug import Response

from apps.limits.models import QuotaCharge
from apps.wants.models import WantsAnalysis

from .helpers import err, ok, text_used

pytest.importorskip("apps.ai.backends.openai")

pytestmark = pytest.mark.django_db

GOOD = {
    "summary": "You want to move and to grow at work.",
    "top_wants": [
        {"text": "Run a marathon", "area_id": "health", "intensity": 9},
        {"text": "A higher salary", "area_id": "career", "intensity": 7},
    ],
    "by_area": [{"area_id": "health", "insight": "Running matters to you."}],
    "hidden_motives": ["Freedom"],
    "recommended_focus_areas": ["health", "career"],
}


def chat_answer(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}], "model": "test-model"}


@pytest.fixture
def openai_backend(settings, httpserver):
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = httpserver.url_for("").rstrip("/")
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 0
    return httpserver


def test_good_answer_is_saved_and_charged_once(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_request("/v1/chat/completions", method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert analysis["summary"] == GOOD["summary"]
    assert analysis["top_wants"] == GOOD["top_wants"]
    assert analysis["recommended_focus_areas"] == ["health", "career"]
    assert analysis["raw_id"] == completed_via_api["id"]
    assert analysis["model"] != "offline"
    assert WantsAnalysis.objects.count() == 1
    assert text_used(auth_client.user) == 1
    assert QuotaCharge.objects.count() == 1
    request_body = json.dumps(openai_backend.log[0][0].get_json())
    assert "run a marathon" in request_body  # the user's own text reached the prompt


def test_invalid_json_twice_is_502_and_charges_nothing(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_request("/v1/chat/completions", method="POST").respond_with_json(chat_answer("not json {"))
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert len(openai_backend.log) == 2  # retried once, then failed
    assert text_used(auth_client.user) == 0
    assert not QuotaCharge.objects.exists()
    assert not WantsAnalysis.objects.exists()


def test_answer_outside_the_schema_is_502(auth_client, completed_via_api, openai_backend):
    bad = {**GOOD, "top_wants": [{"text": "x", "area_id": "moon", "intensity": 42}]}
    openai_backend.expect_request("/v1/chat/completions", method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert text_used(auth_client.user) == 0
    assert not WantsAnalysis.objects.exists()


def test_server_errors_are_502_and_charge_nothing(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_request("/v1/chat/completions", method="POST").respond_with_data("boom", status=500)
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert text_used(auth_client.user) == 0
    assert not QuotaCharge.objects.exists()
    assert not WantsAnalysis.objects.exists()


def test_slow_service_is_504_and_charges_nothing(auth_client, completed_via_api, openai_backend):
    def slow(request):
        time.sleep(1.5)
        return Response(json.dumps(chat_answer(json.dumps(GOOD))), content_type="application/json")

    openai_backend.expect_request("/v1/chat/completions", method="POST").respond_with_handler(slow)
    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert text_used(auth_client.user) == 0
    assert not QuotaCharge.objects.exists()
    assert not WantsAnalysis.objects.exists()
