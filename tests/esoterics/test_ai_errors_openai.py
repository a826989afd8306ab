"""The daily tip's preparation through the real OpenAI-compatible backend against a local AI
service (pytest-httpserver) that counts the calls it receives: static before, AI after, one
call per user-day however often the beat runs, and AI failures leave the static tip (the
endpoint never answers an AI error)."""

import json
import socket
from datetime import UTC, datetime

import pytest
import time_machine

from apps.esoterics.tasks import tips_prepare, tips_schedule
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.esoterics.conftest import FROZEN_AT, URL

pytestmark = pytest.mark.django_db

CHAT_PATH = "/v1/chat/completions"


@pytest.fixture
def openai_backend(settings):
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_MAX_RETRIES = 0
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_API_KEY = "test-key"
    return settings


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


@pytest.fixture
def born_client(frozen):
    return client_for(UserFactory(time_zone="UTC", date_of_birth="1990-05-17"))


def use_server(settings, url: str) -> None:
    settings.AI_PROXY_URL = url.rstrip("/")
    settings.AI_PROXY_IMAGE_URL = settings.AI_PROXY_URL


def chat_answer(content: str) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }


def tip_of(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["daily_ai_tip"] == result["daily_tip"]["text"]  # the seed's string
    return result["daily_tip"]


def test_static_before_the_beat_then_one_ai_call_per_user_day(born_client, openai_backend, httpserver):
    use_server(openai_backend, httpserver.url_for(""))
    httpserver.expect_request(CHAT_PATH, method="POST").respond_with_json(
        chat_answer(json.dumps({"text": "Breathe and take one step."}))
    )
    other = client_for(UserFactory(time_zone="Europe/Moscow", date_of_birth="1985-02-01"))  # 01:00 local: not yet
    assert tip_of(born_client)["source"] == "static"
    assert len(httpserver.log) == 0  # the request did not call the AI

    tips_schedule.apply()
    tips_schedule.apply()  # a second beat
    tips_prepare.apply(args=[[str(born_client.user.pk), str(other.user.pk)]])  # a re-run, a redelivery

    assert tip_of(born_client) == {"text": "Breathe and take one step.", "source": "ai", "date": "2025-01-13"}
    # the other user's local day (14 January in Moscow) is prepared by the direct re-run only
    assert len(httpserver.log) == 2
    body = httpserver.log[0][0].get_data(as_text=True)
    assert "full_moon" in body  # the day's context reached the prompt
    with time_machine.travel(datetime(2025, 1, 14, 3, 0, tzinfo=UTC), tick=False):  # 06:00 in Moscow
        tips_schedule.apply()
        assert tip_of(client_for(other.user))["source"] == "ai"
    assert len(httpserver.log) == 2  # both user-days had their one call already


@pytest.mark.parametrize("failure", ["http_500", "not_json"])
def test_upstream_failures_leave_the_static_tip(born_client, openai_backend, httpserver, failure, caplog):
    use_server(openai_backend, httpserver.url_for(""))
    if failure == "http_500":
        httpserver.expect_request(CHAT_PATH, method="POST").respond_with_data("boom", status=500)
    else:
        httpserver.expect_request(CHAT_PATH, method="POST").respond_with_json(chat_answer("this is not JSON"))
    tips_schedule.apply()
    calls = len(httpserver.log)
    assert calls >= 1  # (the backend may ask once more for valid JSON)
    assert "Daily tip for user" in caplog.text
    tips_schedule.apply()  # the failed attempt's claim still holds: no new call yet
    assert len(httpserver.log) == calls
    assert tip_of(born_client)["source"] == "static"


def test_refused_connection_leaves_the_static_tip(born_client, openai_backend):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_server(openai_backend, f"http://127.0.0.1:{port}")
    tips_schedule.apply()
    assert tip_of(born_client)["source"] == "static"


def test_hanging_ai_service_never_holds_up_the_endpoint(born_client, openai_backend, hanging_address):
    host, port = hanging_address
    use_server(openai_backend, f"http://{host}:{port}")
    assert tip_of(born_client)["source"] == "static"  # no request waits on the AI
    tips_schedule.apply()  # the task waits out the timeout and gives up
    assert tip_of(born_client)["source"] == "static"
