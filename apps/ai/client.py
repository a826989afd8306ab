"""The one door to AI services. Domain services call:

    result = complete_json(task="wants.analyze", locale="ru", context={...}, output=AnalysisSerializer)
    result.data   # validated against `output`
    result.model  # "offline" or the remote model name

    image = generate_image(prompt="...")   # PNG bytes, re-encoded by Pillow

The backend is chosen by settings.AI_BACKEND: "offline" (default without AI_PROXY_URL) or
"openai" (any OpenAI-compatible service). Failures raise apps.ai.errors.AITimeout /
AIBadResponse / AIError.

Deadlines: the AI-job layer runs a job's AI work inside `with ai_deadline(seconds_left):`.
Every call then starts only while time is left (else AITimeout without calling), each HTTP
attempt's timeout is capped by the time left, and no retry or backoff runs past it
(`ai_call_timeout`). This in-code budget is what bounds a job: Celery's threads pool ignores
`soft_time_limit`/`time_limit`.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from rest_framework import serializers

from .errors import AIBadResponse, AIError, AITimeout
from .offline import offline_compose


@dataclass(frozen=True)
class AIResult:
    data: dict
    model: str


@dataclass(frozen=True)
class ImageResult:
    png: bytes
    width: int
    height: int
    model: str


# A call needs at least this much time left to be worth starting.
AI_CALL_MIN_SECONDS = 0.2

_deadline: ContextVar[float | None] = ContextVar("ai_deadline", default=None)


@contextmanager
def ai_deadline(seconds_left: float) -> Iterator[None]:
    """AI calls made inside (in this thread or task) must end within `seconds_left`."""
    token = _deadline.set(time.monotonic() + seconds_left)
    try:
        yield
    finally:
        _deadline.reset(token)


def ai_time_left() -> float | None:
    """Seconds left under the current `ai_deadline`, None when there is none."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def ai_call_timeout(default: float) -> float:
    """The timeout of the next AI request: `default` capped by the time left. AITimeout when
    too little is left to start one: no call starts after the deadline."""
    left = ai_time_left()
    if left is None:
        return default
    if left < AI_CALL_MIN_SECONDS:
        raise AITimeout("The job's deadline leaves no time for an AI call")
    return min(default, left)


def validate_output(data, output: type[serializers.Serializer]) -> dict:
    """The model's JSON checked against the module's schema; AIBadResponse when it does not fit."""
    if not isinstance(data, dict):
        raise AIBadResponse("Expected a JSON object")
    serializer = output(data=data)
    if not serializer.is_valid():
        raise AIBadResponse(f"Output does not match the schema: {serializer.errors}")
    return serializer.validated_data


def complete_json(*, task: str, locale: str, context: dict, output: type[serializers.Serializer]) -> AIResult:
    ai_call_timeout(settings.AI_PROXY_TIMEOUT_SECONDS)  # nothing starts past the deadline
    if settings.AI_BACKEND == "offline":
        return AIResult(validate_output(offline_compose(task, context, locale), output), "offline")
    if settings.AI_BACKEND == "openai":
        from .backends import openai

        return openai.complete_json(task=task, locale=locale, context=context, output=output)
    raise AIError(f"Unknown AI backend {settings.AI_BACKEND!r}")


def ai_backend_warm() -> None:
    """Load the configured backend now (a worker calls it at start, mechta/celery.py): the
    openai SDK takes ~1 s of CPU to import and build its client, and 256 jobs starting at once
    in a fresh worker each waited for that (measured: +1.3 s on every job of the first wave)."""
    if settings.AI_BACKEND == "openai":
        from .backends import openai

        openai.warm()


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024), colour: str | None = None) -> ImageResult:
    """`colour` (#RRGGBB, e.g. the area's) is the offline renderer's palette; a remote model
    reads the colour from the prompt's words instead."""
    ai_call_timeout(settings.AI_PROXY_TIMEOUT_SECONDS)  # nothing starts past the deadline
    if settings.AI_BACKEND == "offline":
        from .backends import offline_image

        return offline_image.generate_image(prompt=prompt, size=size, colour=colour)
    if settings.AI_BACKEND == "openai":
        from .backends import openai

        return openai.generate_image(prompt=prompt, size=size)
    raise AIError(f"Unknown AI backend {settings.AI_BACKEND!r}")
