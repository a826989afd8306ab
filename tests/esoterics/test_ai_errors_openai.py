"""AI error mapping through the real OpenAI-compatible backend against a local HTTP server.
Skipped until `apps.ai.backends.openai` exists in the tree."""

import json
import socket

import pytest

pytest.importorskip("apps.ai.backends.openai")

from tests.accounts.factories import UserFactory  # noqa: E402
from tests.conftest import client_for  # noqa: E402
from tests.esoterics.conftest import FROZEN_AT, URL  # noqa: E402

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
def born_client(db):
    import time_machine

    with time_machine.travel(FROZEN_AT, tick=False):
        yield client_for(UserFactory(time_zone="UTC", date_of_birth="1990-05-17"))


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


def error_code(response) -> str:
    assert response.status_code == 502, response.content
    return response.json()["error"]["code"]


def test_model_tip_is_returned_and_stored(born_client, openai_backend, httpserver):
    use_server(openai_backend, httpserver.url_for(""))
    httpserver.expect_request(CHAT_PATH, method="POST").respond_with_json(
        chat_answer(json.dumps({"text": "Anna, breathe and take one step."}))
    )
    response = born_client.get(URL)
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["daily_ai_tip"] == "Anna, breathe and take one step."
    assert result["daily_tip"] == {"text": "Anna, breathe and take one step.", "source": "ai", "date": "2025-01-13"}
    body = httpserver.log[0][0].get_data(as_text=True)
    assert "full_moon" in body  # the day's context reached the prompt
    born_client.get(URL)
    assert len(httpserver.log) == 1  # cached for the day


def test_upstream_500_is_ai_failed(born_client, openai_backend, httpserver):
    use_server(openai_backend, httpserver.url_for(""))
    httpserver.expect_request(CHAT_PATH, method="POST").respond_with_data("boom", status=500)
    assert error_code(born_client.get(URL)) == "ESOTERICS_AI_FAILED"


def test_invalid_json_answer_is_ai_failed(born_client, openai_backend, httpserver):
    use_server(openai_backend, httpserver.url_for(""))
    httpserver.expect_request(CHAT_PATH, method="POST").respond_with_json(chat_answer("this is not JSON"))
    assert error_code(born_client.get(URL)) == "ESOTERICS_AI_FAILED"


def test_refused_connection_is_proxy_error(born_client, openai_backend):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_server(openai_backend, f"http://127.0.0.1:{port}")
    assert error_code(born_client.get(URL)) == "ESOTERICS_AI_PROXY_ERROR"


def test_hanging_proxy_is_proxy_error(born_client, openai_backend, hanging_address):
    host, port = hanging_address
    use_server(openai_backend, f"http://{host}:{port}")
    assert error_code(born_client.get(URL)) == "ESOTERICS_AI_PROXY_ERROR"
