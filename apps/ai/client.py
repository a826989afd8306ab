"""The one door to AI services. Domain services call:

    result = complete_json(task="wants.analyze", locale="ru", context={...}, output=AnalysisSerializer)
    result.data   # validated against `output`
    result.model  # "offline" or the remote model name

    image = generate_image(prompt="...")   # PNG bytes, re-encoded by Pillow

The backend is chosen by settings.AI_BACKEND: "offline" (default without AI_PROXY_URL) or
"openai" (any OpenAI-compatible service). Failures raise apps.ai.errors.AITimeout /
AIBadResponse / AIError.
"""

from dataclasses import dataclass

from django.conf import settings
from rest_framework import serializers

from .errors import AIBadResponse, AIError
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


def validate_output(data, output: type[serializers.Serializer]) -> dict:
    """The model's JSON checked against the module's schema; AIBadResponse when it does not fit."""
    if not isinstance(data, dict):
        raise AIBadResponse("Expected a JSON object")
    serializer = output(data=data)
    if not serializer.is_valid():
        raise AIBadResponse(f"Output does not match the schema: {serializer.errors}")
    return serializer.validated_data


def complete_json(*, task: str, locale: str, context: dict, output: type[serializers.Serializer]) -> AIResult:
    if settings.AI_BACKEND == "offline":
        return AIResult(validate_output(offline_compose(task, context, locale), output), "offline")
    if settings.AI_BACKEND == "openai":
        from .backends import openai

        return openai.complete_json(task=task, locale=locale, context=context, output=output)
    raise AIError(f"Unknown AI backend {settings.AI_BACKEND!r}")


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024), colour: str | None = None) -> ImageResult:
    """`colour` (#RRGGBB, e.g. the area's) is the offline renderer's palette; a remote model
    reads the colour from the prompt's words instead."""
    if settings.AI_BACKEND == "offline":
        from .backends import offline_image

        return offline_image.generate_image(prompt=prompt, size=size, colour=colour)
    if settings.AI_BACKEND == "openai":
        from .backends import openai

        return openai.generate_image(prompt=prompt, size=size)
    raise AIError(f"Unknown AI backend {settings.AI_BACKEND!r}")
