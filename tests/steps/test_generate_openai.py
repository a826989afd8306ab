"""POST /steps/generate through the openai backend against a real local HTTP server in the
OpenAI chat-completions format. The quota is charged once on success, never on failure."""

import json
from pathlib import Path

import pytest
from werkzeug import Response

from apps.limits.models import QuotaCharge
from apps.steps.models import Step
from tests.goals.factories import GoalFactory
from tests.goals.helpers import err, ok, text_used
from tests.helpers import HeldAnswer

pytestmark = pytest.mark.django_db

PROMPTS = Path(__file__).resolve().parents[2] / "apps" / "steps" / "prompts"
URL = "/v1/chat/completions"
GENERATE = "/api/v1/steps/generate"
BOUNDS = {"start_date": "2027-01-04", "end_date": "2027-12-31"}


def chat_answer(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}], "model": "test-model"}


def plan(goal_id) -> dict:
    g = str(goal_id)
    return {
        "steps": [
            {"ref": "y", "parent_ref": None, "goal_id": g, "level": "year", "title": "Year", "planned_date": "2027-01-04"},
            {"ref": "q1", "parent_ref": "y", "goal_id": g, "level": "quarter", "title": "Q1", "planned_date": "2027-01-04"},
            {"ref": "q2", "parent_ref": "y", "goal_id": g, "level": "quarter", "title": "Q2", "planned_date": "2027-04-04"},
            {"ref": "m1", "parent_ref": "q1", "goal_id": g, "level": "month", "title": "M1", "description": "d",
             "planned_date": "2027-01-04", "order_index": 5},
        ]
    }


@pytest.fixture
def goal(auth_client):
    return GoalFactory(user=auth_client.user, title="Learn Spanish")


def post(client, goal):
    return client.post(GENERATE, {"goal_ids": [str(goal.id)], "year_bounds": BOUNDS}, format="json")


def assert_nothing_charged(user):
    assert text_used(user) == 0 and not QuotaCharge.objects.exists() and not Step.objects.exists()


def test_good_answer_is_returned_as_batch_items_and_charged_once(auth_client, goal, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(plan(goal.id))))
    steps = ok(post(auth_client, goal))["steps"]
    assert [s["ref"] for s in steps] == ["y", "q1", "q2", "m1"]
    assert [s["order_index"] for s in steps] == [0, 0, 1, 5]
    assert steps[3] == {"ref": "m1", "parent_ref": "q1", "goal_id": str(goal.id), "level": "month", "title": "M1",
                        "description": "d", "planned_date": "2027-01-04", "order_index": 5}
    assert text_used(auth_client.user) == 1 and QuotaCharge.objects.count() == 1
    assert not Step.objects.exists()


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_prompt_is_the_users_locale_template_with_the_goals_and_load(auth_client, goal, openai_backend, locale):
    auth_client.user.locale = locale
    auth_client.user.save(update_fields=["locale"])
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(plan(goal.id))))
    body = {"goal_ids": [str(goal.id)], "year_bounds": BOUNDS, "current_load_hint": {"steps_per_week": 2}}
    ok(auth_client.post(GENERATE, body, format="json"))
    sent = openai_backend.log[0][0].get_json()
    system = sent["messages"][0]["content"]
    assert system.startswith((PROMPTS / f"generate.{locale}.txt").read_text(encoding="utf-8").splitlines()[0])
    assert "{context_json}" not in system and "{{" not in system
    context = json.loads(sent["messages"][1]["content"])
    assert context["goals"][0]["id"] == str(goal.id) and context["goals"][0]["title"] == "Learn Spanish"
    assert context["plan"] == BOUNDS
    assert context["load"]["steps_per_week"] == 2


@pytest.mark.parametrize(
    "breakage",
    [
        lambda p: p["steps"][1].update(parent_ref="m1"),  # refers forward
        lambda p: p["steps"][3].update(level="year"),  # not narrower than its parent
        lambda p: p["steps"][2].update(planned_date="2028-02-01"),  # outside its parent's year
        lambda p: p["steps"][2].update(ref="q1"),  # duplicate ref
    ],
)
def test_a_broken_tree_twice_is_502_and_charges_nothing(auth_client, goal, openai_backend, breakage):
    bad = plan(goal.id)
    breakage(bad)
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(post(auth_client, goal), 502, "STEPS_AI_FAILED")
    assert len(openai_backend.log) == 2  # invalid output is retried once
    assert_nothing_charged(auth_client.user)


@pytest.mark.parametrize("change", [{"goal_id": "00000000-0000-4000-8000-000000000000"}, {"planned_date": "2026-12-31"}])
def test_a_plan_outside_the_goals_or_the_window_is_502(auth_client, goal, openai_backend, change):
    bad = plan(goal.id)
    bad["steps"] = [{**bad["steps"][0], **change}]
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(post(auth_client, goal), 502, "STEPS_AI_FAILED")
    assert_nothing_charged(auth_client.user)


def test_invalid_json_then_a_good_answer_recovers_and_charges_once(auth_client, goal, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer("{not json"))
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(plan(goal.id))))
    assert len(ok(post(auth_client, goal))["steps"]) == 4
    openai_backend.check_assertions()
    assert len(openai_backend.log) == 2 and text_used(auth_client.user) == 1


def test_invalid_json_twice_is_502_and_charges_nothing(auth_client, goal, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer("{not json"))
    err(post(auth_client, goal), 502, "STEPS_AI_FAILED")
    assert len(openai_backend.log) == 2
    assert_nothing_charged(auth_client.user)


def test_server_errors_are_retried_then_502_and_charge_nothing(auth_client, goal, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_data("boom", status=500)
    err(post(auth_client, goal), 502, "STEPS_AI_FAILED")
    assert len(openai_backend.log) == 3
    assert_nothing_charged(auth_client.user)


def test_a_server_error_then_a_good_answer_succeeds(auth_client, goal, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_data("busy", status=503)
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(plan(goal.id))))
    assert len(ok(post(auth_client, goal))["steps"]) == 4
    assert text_used(auth_client.user) == 1


def test_slow_service_is_504_and_charges_nothing(auth_client, goal, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response(json.dumps(chat_answer(json.dumps(plan(goal.id)))), content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(URL, method="POST").respond_with_handler(slow)
        err(post(auth_client, goal), 504, "STEPS_AI_TIMEOUT")
    assert_nothing_charged(auth_client.user)
