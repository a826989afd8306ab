"""POST /goals/generate through the openai backend against a real local HTTP server in the
OpenAI chat-completions format. The quota is charged once on success, never on failure."""

import json
from pathlib import Path

import pytest
from werkzeug import Response

from apps.goals.models import Goal
from apps.limits.models import QuotaCharge
from tests.helpers import HeldAnswer
from tests.life_wheel.factories import LifeWheelFactory
from tests.wants.factories import WantsAnalysisFactory

from .helpers import err, ok, text_used

pytestmark = pytest.mark.django_db

PROMPTS = Path(__file__).resolve().parents[2] / "apps" / "goals" / "prompts"
URL = "/v1/chat/completions"
GENERATE = "/api/v1/goals/generate"
GOOD = {
    "goals": [
        {"area_id": "health", "title": "Run a half marathon", "description": "You want to run.", "horizon": "1y",
         "priority": 1, "size": "big", "target_date": "2027-12-01", "metric": "21 km"},
        {"area_id": "finance", "title": "Save 3 salaries", "horizon": "quarter"},
    ]
}


def chat_answer(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}], "model": "test-model"}


def assert_nothing_charged(user):
    assert text_used(user) == 0 and not QuotaCharge.objects.exists() and not Goal.objects.exists()


def test_good_answer_is_returned_as_goal_in_and_charged_once(auth_client, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    goals = ok(auth_client.post(GENERATE))["goals"]
    assert goals[0] == {**GOOD["goals"][0], "status": "planned", "source": "ai"}
    assert goals[1] == {
        "area_id": "finance", "title": "Save 3 salaries", "description": "", "horizon": "quarter", "status": "planned",
        "priority": 2, "size": "small", "target_date": None, "metric": "", "source": "ai",
    }
    assert text_used(auth_client.user) == 1 and QuotaCharge.objects.count() == 1
    assert not Goal.objects.exists()


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_prompt_is_the_users_locale_template_with_their_data(auth_client, openai_backend, locale):
    auth_client.user.locale = locale
    auth_client.user.save(update_fields=["locale"])
    LifeWheelFactory(user=auth_client.user, scores={"health": 2})
    WantsAnalysisFactory(raw__user=auth_client.user, top_wants=[{"text": "Swim in the sea", "area_id": "leisure", "intensity": 8}])
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    ok(auth_client.post(GENERATE, {"limits": {"max_goals": 3}}, format="json"))
    body = openai_backend.log[0][0].get_json()
    system = body["messages"][0]["content"]
    template = (PROMPTS / f"generate.{locale}.txt").read_text(encoding="utf-8")
    assert system.startswith(template.splitlines()[0])
    assert "{context_json}" not in system and "{{" not in system
    context = json.loads(body["messages"][1]["content"])
    assert context["locale"] == locale
    assert context["life_wheel"]["scores"] == {"health": 2}
    assert context["wants_analysis"]["top_wants"][0]["text"] == "Swim in the sea"
    assert context["limits"]["max_goals"] == 3
    assert {a["id"] for a in context["areas"]} >= {"health", "finance"}


def test_unknown_areas_are_dropped_from_the_answer(auth_client, openai_backend):
    answer = {"goals": [{"area_id": "moon", "title": "x", "horizon": "1y"}, GOOD["goals"][1]]}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(answer)))
    assert [g["title"] for g in ok(auth_client.post(GENERATE))["goals"]] == ["Save 3 salaries"]


def test_an_answer_with_nothing_usable_is_502_and_charges_nothing(auth_client, openai_backend):
    answer = {"goals": [{"area_id": "moon", "title": "x", "horizon": "1y"}]}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(answer)))
    err(auth_client.post(GENERATE), 502, "GOALS_AI_FAILED")
    assert_nothing_charged(auth_client.user)


def test_invalid_json_then_a_good_answer_recovers_and_charges_once(auth_client, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    assert len(ok(auth_client.post(GENERATE))["goals"]) == 2
    openai_backend.check_assertions()
    assert len(openai_backend.log) == 2
    assert text_used(auth_client.user) == 1


def test_invalid_json_twice_is_502_and_charges_nothing(auth_client, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    err(auth_client.post(GENERATE), 502, "GOALS_AI_FAILED")
    assert len(openai_backend.log) == 2
    assert_nothing_charged(auth_client.user)


def test_answer_outside_the_schema_twice_is_502(auth_client, openai_backend):
    bad = {"goals": [{"area_id": "health", "title": "x", "horizon": "decade", "priority": 9}]}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(auth_client.post(GENERATE), 502, "GOALS_AI_FAILED")
    assert len(openai_backend.log) == 2
    assert_nothing_charged(auth_client.user)


def test_server_errors_are_retried_then_502_and_charge_nothing(auth_client, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_data("boom", status=500)
    err(auth_client.post(GENERATE), 502, "GOALS_AI_FAILED")
    assert len(openai_backend.log) == 3
    assert_nothing_charged(auth_client.user)


def test_a_server_error_then_a_good_answer_succeeds(auth_client, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_data("busy", status=500)
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    assert len(ok(auth_client.post(GENERATE))["goals"]) == 2
    assert text_used(auth_client.user) == 1


def test_slow_service_is_504_and_charges_nothing(auth_client, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response(json.dumps(chat_answer(json.dumps(GOOD))), content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(URL, method="POST").respond_with_handler(slow)
        err(auth_client.post(GENERATE), 504, "GOALS_AI_TIMEOUT")
    assert_nothing_charged(auth_client.user)
