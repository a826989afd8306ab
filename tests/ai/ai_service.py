"""A local OpenAI-compatible AI service for tests that COUNTS the calls it receives.

Threaded (parallel calls really overlap), each answer after `delay` seconds (a wait that
`release()` cuts short, so no handler outlives its test), every call recorded with its arrival
time by the wall clock (the same machine's clock as the database's `now()`).
"""

import base64
import io
import json
import threading
import time
from dataclasses import dataclass, field

from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Response

CHAT = "/v1/chat/completions"
IMAGES = "/v1/images/generations"


def png_b64() -> str:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 200)).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


@dataclass
class Call:
    path: str
    at: float  # time.time() on arrival


@dataclass
class CountingAIService:
    content: dict = field(default_factory=dict)  # the JSON object a chat completion answers
    delay: float = 0.0
    status: int = 200
    calls: list[Call] = field(default_factory=list)
    first_call: threading.Event = field(default_factory=threading.Event)
    _release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    server: HTTPServer | None = None

    def start(self) -> "CountingAIService":
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request(CHAT, method="POST").respond_with_handler(self._chat)
        self.server.expect_request(IMAGES, method="POST").respond_with_handler(self._image)
        self.server.start()
        return self

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for call in self.calls if path is None or call.path == path)

    def release(self) -> None:
        """Let every waiting handler answer now."""
        self._release.set()

    def stop(self) -> None:
        self.release()
        if self.server is not None and self.server.is_running():
            self.server.clear()
            self.server.stop()

    def _record(self, request) -> None:
        with self._lock:
            self.calls.append(Call(request.path, time.time()))
        self.first_call.set()
        if self.delay:
            self._release.wait(self.delay)

    def _chat(self, request):
        self._record(request)
        if self.status != 200:
            return Response("{}", status=self.status, content_type="application/json")
        body = {"choices": [{"message": {"role": "assistant", "content": json.dumps(self.content)}}], "model": "m"}
        return Response(json.dumps(body), content_type="application/json")

    def _image(self, request):
        self._record(request)
        if self.status != 200:
            return Response("{}", status=self.status, content_type="application/json")
        return Response(json.dumps({"data": [{"b64_json": png_b64()}], "model": "img"}), content_type="application/json")


def use_ai_service(settings, service: CountingAIService, *, timeout: float = 30, retries: int = 0) -> None:
    """Point the openai backend of this process at `service`."""
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = settings.AI_PROXY_IMAGE_URL = service.url
    settings.AI_PROXY_TIMEOUT_SECONDS = timeout
    settings.AI_PROXY_MAX_RETRIES = retries
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0
