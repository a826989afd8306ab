"""POST /wants/analyze through the openai backend (apps/ai/backends/openai.py) against a real
local HTTP server speaking the OpenAI chat-completions format (pytest-httpserver).

Quota: charged once on success, never when the call fails (502 / 504)."""

import json
from pathlib import Path

import pytest
from werkzeug import Response

from apps.limits.models import QuotaCharge
from apps.wants.models import WantsAnalysis
from tests.helpers import HeldAnswer

from .helpers import err, ok, text_used

pytestmark = pytest.mark.django_db

PROMPTS = Path(__file__).resolve().parents[2] / "apps" / "wants" / "prompts"
URL = "/v1/chat/completions"

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


def sent(server, index: int) -> dict:
    """The JSON body of the `index`-th request the service received."""
    return server.log[index][0].get_json()


def assert_nothing_saved_or_charged(user):
    assert text_used(user) == 0
    assert not QuotaCharge.objects.exists()
    assert not WantsAnalysis.objects.exists()


@pytest.fixture
def openai_backend(settings, httpserver):
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = httpserver.url_for("").rstrip("/")
    settings.AI_PROXY_MODEL = "test-model"
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 0
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0.01
    return httpserver


def test_good_answer_is_saved_and_charged_once(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert analysis["summary"] == GOOD["summary"]
    assert analysis["top_wants"] == GOOD["top_wants"]
    assert analysis["by_area"] == GOOD["by_area"]
    assert analysis["hidden_motives"] == ["Freedom"]
    assert analysis["recommended_focus_areas"] == ["health", "career"]
    assert analysis["raw_id"] == completed_via_api["id"]
    assert analysis["model"] == "test-model"
    assert len(openai_backend.log) == 1
    assert str(WantsAnalysis.objects.get().id) == analysis["id"]
    assert text_used(auth_client.user) == 1
    assert QuotaCharge.objects.count() == 1
    assert ok(auth_client.get("/api/v1/wants/analysis"))["id"] == analysis["id"]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_prompt_is_the_template_of_the_users_locale_with_their_own_words(
    auth_client, completed_via_api, openai_backend, locale
):
    auth_client.user.locale = locale
    auth_client.user.save(update_fields=["locale"])
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    ok(auth_client.post("/api/v1/wants/analyze"))

    body = sent(openai_backend, 0)
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    assert system["role"] == "system"
    template = (PROMPTS / f"analyze.{locale}.txt").read_text(encoding="utf-8")
    assert system["content"].startswith(template.splitlines()[0])
    assert "{context_json}" not in system["content"]
    assert '"summary"' in system["content"] and "{{" not in system["content"]  # the literal braces rendered
    context = json.loads(body["messages"][1]["content"])
    assert context["locale"] == locale
    assert context["raw_wants_stream"] == completed_via_api["raw_wants_stream"]
    assert context["raw_envy"] == completed_via_api["raw_envy"]
    assert "I want to run a marathon" in system["content"]


def test_invalid_json_then_a_good_answer_recovers_and_charges_once(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    openai_backend.check_assertions()
    assert analysis["summary"] == GOOD["summary"]
    assert len(openai_backend.log) == 2
    retry = sent(openai_backend, 1)["messages"]
    assert retry[-2] == {"role": "assistant", "content": "not json {"}  # the bad answer is shown back
    assert retry[-1]["role"] == "user"
    assert WantsAnalysis.objects.count() == 1
    assert text_used(auth_client.user) == 1
    assert QuotaCharge.objects.count() == 1


def test_invalid_json_twice_is_502_and_charges_nothing(auth_client, completed_via_api, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert len(openai_backend.log) == 2  # retried once, then failed
    assert_nothing_saved_or_charged(auth_client.user)


def test_answer_outside_the_schema_twice_is_502(auth_client, completed_via_api, openai_backend):
    bad = {**GOOD, "top_wants": [{"text": "x", "area_id": "moon", "intensity": 42}]}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert len(openai_backend.log) == 2
    assert_nothing_saved_or_charged(auth_client.user)


def test_server_errors_are_retried_then_502_and_charge_nothing(auth_client, completed_via_api, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_data("boom", status=500)
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert len(openai_backend.log) == 3  # the first attempt and two retries
    assert_nothing_saved_or_charged(auth_client.user)


def test_a_server_error_then_a_good_answer_succeeds_and_charges_once(
    auth_client, completed_via_api, openai_backend, settings
):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_data("busy", status=503)
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    openai_backend.check_assertions()
    assert analysis["summary"] == GOOD["summary"]
    assert len(openai_backend.log) == 2
    assert text_used(auth_client.user) == 1
    assert QuotaCharge.objects.count() == 1


def test_a_refused_request_is_502_without_retry(auth_client, completed_via_api, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_json({"error": "bad request"}, status=400)
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert len(openai_backend.log) == 1
    assert_nothing_saved_or_charged(auth_client.user)


def test_slow_service_is_504_and_charges_nothing(auth_client, completed_via_api, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response(json.dumps(chat_answer(json.dumps(GOOD))), content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(URL, method="POST").respond_with_handler(slow)
        err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert_nothing_saved_or_charged(auth_client.user)


def test_unreachable_service_is_502_and_charges_nothing(auth_client, completed_via_api, settings):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = f"http://127.0.0.1:{port}"
    settings.AI_PROXY_MAX_RETRIES = 0
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert_nothing_saved_or_charged(auth_client.user)
