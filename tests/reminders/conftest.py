import json
import re
import threading
import time

import pytest
from werkzeug.wrappers import Response

from tests.accounts.test_smtp import smtp_server  # noqa: F401  (a real SMTP server, aiosmtpd)

BOT_TOKEN = "123456:TEST-token"


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """The Bot API stand-in listens on 127.0.0.1 only (no name resolution, no other network)."""
    return ("127.0.0.1", 0)


class BotAPI:
    """A stand-in of the Telegram Bot API on a loopback port (pytest-httpserver): records every
    sendMessage call (with its arrival time) and answers 200, or what a test scripted for a
    chat (429 with retry_after, 403, 500)."""

    def __init__(self):
        self.calls: list[dict] = []
        self.scripted: dict[int, list[tuple[int, dict]]] = {}
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)

    def script(self, chat_id: int, *answers: tuple[int, dict]) -> None:
        self.scripted.setdefault(chat_id, []).extend(answers)

    def handle(self, request):
        body = json.loads(request.get_data())
        with self.lock:
            self.calls.append({"path": request.path, "at": time.monotonic(), **body})
            answers = self.scripted.get(body.get("chat_id")) or []
            status, payload = answers.pop(0) if answers else (200, {"ok": True, "result": {"message_id": len(self.calls)}})
            self.arrived.notify_all()
        return Response(json.dumps(payload), status=status, content_type="application/json")

    def texts(self, chat_id: int) -> list[str]:
        return [call["text"] for call in self.calls if call["chat_id"] == chat_id]

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self.lock:
            return self.arrived.wait_for(lambda: len(self.calls) >= count, timeout)


@pytest.fixture
def bot_api(httpserver, settings):
    bot = BotAPI()
    httpserver.expect_request(re.compile(r"^/bot[^/]+/sendMessage$"), method="POST").respond_with_handler(bot.handle)
    settings.TELEGRAM_API_BASE_URL = f"http://127.0.0.1:{httpserver.port}/"
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.APP_URL = "https://app.mechta.test"
    settings.REMINDERS_PUBLIC_API_URL = "http://testserver"
    return bot


def blocked() -> tuple[int, dict]:
    return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}


def too_many(retry_after: int) -> tuple[int, dict]:
    return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests", "parameters": {"retry_after": retry_after}}


def unavailable() -> tuple[int, dict]:
    return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
