"""POST /rituals/weekly/analyze through the openai backend against a real local HTTP server
speaking the OpenAI chat-completions format (pytest-httpserver). The quota is charged once on
success, never when the call fails (502 / 504)."""

import json
from datetime import date
from pathlib import Path

import pytest
from werkzeug import Response

from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.rituals.models import WeeklyReview
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.helpers import HeldAnswer

from .factories import JournalEntryFactory
from .helpers import at, err, ok

pytestmark = pytest.mark.django_db

PROMPTS = Path(__file__).resolve().parents[2] / "apps" / "rituals" / "prompts"
URL = "/v1/chat/completions"
ANALYZE = "/api/v1/rituals/weekly/analyze"

GOOD = {
    "summary": "Four days of rituals, mood 7.0 on average: a steady week.",
    "wins": ["You wrote on Monday and Sunday."],
    "challenges": ["Wednesday's energy was 3/10."],
    "recommendations": ["Go to bed at 23:00 on weekdays."],
    "focus_next_week": "Sleep.",
}


def chat_answer(content: str) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}], "model": "test-model"}


def sent(server, index: int) -> dict:
    return server.log[index][0].get_json()


@pytest.fixture
def openai_backend(settings, httpserver):
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = httpserver.url_for("").rstrip("/")
    settings.AI_PROXY_MODEL = "test-model"
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 0
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0.01
    return httpserver


@pytest.fixture
def week_user(db):
    with at("UTC", 2026, 11, 4, 10, 0):
        user = UserFactory(locale="en")
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 9), mood_score=6, energy_score=7,
                        answers={"gratitude": "My sister called"})
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 11), mood_score=8, energy_score=3)
    return user


def analyze(user, reflection="Slept badly, ran twice."):
    with at("UTC", 2026, 11, 16, 10, 0):
        return client_for(user).post(ANALYZE, {"user_reflection": reflection}, format="json")


def assert_nothing_saved_or_charged():
    assert not QuotaCharge.objects.exists()
    assert not WeeklyReview.objects.exists()
    assert not XPEvent.objects.filter(reason="weekly_review").exists()


def test_good_answer_is_saved_and_charged_once(week_user, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    review = ok(analyze(week_user))
    assert review["ai_analysis"] == GOOD
    assert review["model"] == "test-model"
    assert review["week_start"] == "2026-11-09"
    assert review["stats"]["entries"] == 2 and review["stats"]["avg_mood"] == 7.0
    assert len(openai_backend.log) == 1
    saved = WeeklyReview.objects.get()
    assert str(saved.id) == review["id"] and saved.ai_analysis == GOOD and saved.model == "test-model"
    assert QuotaCharge.objects.filter(user=week_user, resource="text").count() == 1
    assert review["gamification_event"]["xp_awarded"] == 50


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_prompt_is_the_template_of_the_users_locale_with_the_weeks_stats(week_user, openai_backend, locale):
    week_user.locale = locale
    week_user.save(update_fields=["locale"])
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    ok(analyze(week_user, reflection="Мой текст недели"))

    body = sent(openai_backend, 0)
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    template = (PROMPTS / f"weekly_review.{locale}.txt").read_text(encoding="utf-8")
    assert system["content"].startswith(template.splitlines()[0])
    assert "{context_json}" not in system["content"] and "{{" not in system["content"]
    assert '"focus_next_week"' in system["content"]
    context = json.loads(body["messages"][1]["content"])
    assert context["locale"] == locale
    assert context["week_start"] == "2026-11-09"
    assert context["user_reflection"] == "Мой текст недели"
    assert context["stats"]["entries"] == 2
    assert context["stats"]["avg_energy"] == 5.0
    assert context["stats"]["days"][2] == {"date": "2026-11-11", "entries": 1, "mood": 8.0, "energy": 3.0}
    assert context["journal"][0]["answers"] == {"gratitude": "My sister called"}


def test_invalid_json_then_a_good_answer_recovers_and_charges_once(week_user, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    review = ok(analyze(week_user))
    openai_backend.check_assertions()
    assert review["ai_analysis"] == GOOD
    assert len(openai_backend.log) == 2
    assert QuotaCharge.objects.count() == 1


def test_invalid_json_twice_is_502_and_charges_nothing(week_user, openai_backend):
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer("not json {"))
    err(analyze(week_user), 502, "RITUALS_AI_FAILED")
    assert len(openai_backend.log) == 2  # retried once, then failed
    assert_nothing_saved_or_charged()


def test_answer_outside_the_schema_twice_is_502(week_user, openai_backend):
    bad = {**GOOD, "recommendations": []}
    openai_backend.expect_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(bad)))
    err(analyze(week_user), 502, "RITUALS_AI_FAILED")
    assert_nothing_saved_or_charged()


def test_server_errors_are_retried_then_502_and_charge_nothing(week_user, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(URL, method="POST").respond_with_data("boom", status=500)
    err(analyze(week_user), 502, "RITUALS_AI_FAILED")
    assert len(openai_backend.log) == 3
    assert_nothing_saved_or_charged()


def test_a_failed_review_can_be_retried(week_user, openai_backend):
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_data("boom", status=500)
    openai_backend.expect_ordered_request(URL, method="POST").respond_with_json(chat_answer(json.dumps(GOOD)))
    err(analyze(week_user), 502, "RITUALS_AI_FAILED")
    assert ok(analyze(week_user))["week_start"] == "2026-11-09"
    assert QuotaCharge.objects.count() == 1


def test_slow_service_is_504_and_charges_nothing(week_user, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response(json.dumps(chat_answer(json.dumps(GOOD))), content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(URL, method="POST").respond_with_handler(slow)
        err(analyze(week_user), 504, "RITUALS_AI_TIMEOUT")
    assert_nothing_saved_or_charged()
