"""POST /future-story/generate through the openai backend against a real local HTTP server
in the OpenAI chat-completions format: charged once on success, never on failure."""

import json
from pathlib import Path

import pytest
from werkzeug import Response

from apps.future_story.models import FutureStory
from apps.limits.models import QuotaCharge
from tests.helpers import HeldAnswer

from .helpers import answer, err, ok, text_used

pytestmark = pytest.mark.django_db

PROMPTS = Path(__file__).resolve().parents[2] / "apps" / "future_story" / "prompts"
URL = "/v1/chat/completions"
GENERATE = "/api/v1/future-story/generate"

GOOD = {
    "horizons": {
        "3y": {
            "full_text": "In 2029 you run every morning.",
            "by_area": [{"area_id": "health", "title": "Health", "paragraph": "You run every morning."}],
        },
        "5y": {
            "full_text": "In 2031 you finished a marathon.",
            "by_area": [{"area_id": "health", "title": "Health", "paragraph": "A marathon behind you."}],
        },
    },
    "images": [
        {"image_key": "health_run", "area_id": "health", "title": "The run", "dall_e_prompt": "A runner at dawn"}
    ],
}


def chat_answer(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}], "model": "test-model"}


def sent(server, index: int) -> dict:
    return server.log[index][0].get_json()


def assert_nothing_saved_or_charged(user):
    assert text_used(user) == 0 and not QuotaCharge.objects.exists() and not FutureStory.objects.exists()


@pytest.fixture
def drafted(auth_client):
    answer(auth_client, "health", "I run every morning")
    return auth_client


def test_good_answer_is_saved_and_charged_once(drafted, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    story = ok(drafted.post(GENERATE))
    assert story["horizons"] == GOOD["horizons"] and story["images"] == GOOD["images"]
    assert FutureStory.objects.get().model == "test-model"
    assert text_used(drafted.user) == 1 and QuotaCharge.objects.count() == 1
    assert len(openai_backend.log) == 1


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_prompt_is_the_locales_template_with_the_users_answers(drafted, openai_backend, locale):
    drafted.user.locale = locale
    drafted.user.save(update_fields=["locale"])
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    ok(drafted.post(GENERATE))
    body = sent(openai_backend, 0)
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]["content"]
    template = (PROMPTS / f"generate.{locale}.txt").read_text(encoding="utf-8")
    assert system.startswith(template.splitlines()[0])
    assert "{context_json}" not in system and "{{" not in system and '"horizons"' in system
    context = json.loads(body["messages"][1]["content"])
    assert context["locale"] == locale
    assert context["answers"][0]["answer"] == "I run every morning"


def test_invalid_json_then_a_good_answer_recovers_and_charges_once(drafted, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer("{not json"))
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    story = ok(drafted.post(GENERATE))
    openai_backend.check_assertions()
    assert story["horizons"]["3y"]["full_text"] == GOOD["horizons"]["3y"]["full_text"]
    assert sent(openai_backend, 1)["messages"][-2] == {"role": "assistant", "content": "{not json"}
    assert FutureStory.objects.count() == 1 and text_used(drafted.user) == 1


def test_invalid_json_twice_is_502_and_charges_nothing(drafted, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer("nope"))
    err(drafted.post(GENERATE), 502, "FUTURE_STORY_AI_FAILED")
    assert len(openai_backend.log) == 2
    assert_nothing_saved_or_charged(drafted.user)


def test_unknown_area_in_the_answer_twice_is_502(drafted, openai_backend):
    bad = {**GOOD, "images": [{**GOOD["images"][0], "area_id": "mars"}]}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(drafted.post(GENERATE), 502, "FUTURE_STORY_AI_FAILED")
    assert_nothing_saved_or_charged(drafted.user)


def test_server_errors_are_retried_then_502(drafted, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_data("boom", status=500)
    err(drafted.post(GENERATE), 502, "FUTURE_STORY_AI_FAILED")
    assert len(openai_backend.log) == 3
    assert_nothing_saved_or_charged(drafted.user)


def test_a_500_then_a_good_answer_succeeds(drafted, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_data("busy", status=503)
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    ok(drafted.post(GENERATE))
    assert text_used(drafted.user) == 1


def test_slow_service_is_504_and_charges_nothing(drafted, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response(json.dumps(chat_answer(json.dumps(GOOD))), content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(URL, method="POST").respond_with_handler(slow)
        err(drafted.post(GENERATE), 504, "FUTURE_STORY_AI_TIMEOUT")
    assert_nothing_saved_or_charged(drafted.user)
