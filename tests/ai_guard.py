"""The guard behind "no AI call inside any request" (issue 18): while a test's request is being
handled (between Django's request_started and request_finished signals) an AI call is a
failure unless a Celery task is executing it (eager mode runs the AI-job layer's tasks inline;
in production they run in the worker). The four backend entry points are wrapped, so a call
is seen however a module imported `apps.ai.client`'s functions. tests/conftest.py installs it
for the whole suite; tests/core/test_no_ai_in_requests.py checks that it catches a view."""

import threading

from celery._state import get_current_task
from django.core.signals import request_finished, request_started

_state = threading.local()
violations: list[str] = []
calls: list[str] = []  # every AI call of the running test, inside tasks or not


def in_request() -> bool:
    return getattr(_state, "depth", 0) > 0


def _started(**kwargs):
    _state.depth = getattr(_state, "depth", 0) + 1


def _finished(**kwargs):
    _state.depth = max(0, getattr(_state, "depth", 0) - 1)


class AICalledInRequest(AssertionError):
    pass


def _guarded(name: str, original):
    def guarded(*args, **kwargs):
        calls.append(name)
        if in_request() and get_current_task() is None:
            violations.append(name)
            raise AICalledInRequest(f"{name} called inside a request, outside any Celery task")
        return original(*args, **kwargs)

    guarded.__wrapped__ = original
    return guarded


def _entry_points():
    from apps.ai import client
    from apps.ai.backends import offline_image, openai

    return [(client, "offline_compose"), (offline_image, "generate_image"), (openai, "complete_json"),
            (openai, "generate_image")]


def install():
    """Wrap the AI entry points and follow requests; returns the undo."""
    originals = []
    for module, attribute in _entry_points():
        original = getattr(module, attribute)
        originals.append((module, attribute, original))
        setattr(module, attribute, _guarded(f"{module.__name__}.{attribute}", original))
    request_started.connect(_started, dispatch_uid="ai-guard-started")
    request_finished.connect(_finished, dispatch_uid="ai-guard-finished")

    def undo():
        for module, attribute, original in originals:
            setattr(module, attribute, original)
        request_started.disconnect(dispatch_uid="ai-guard-started")
        request_finished.disconnect(dispatch_uid="ai-guard-finished")

    return undo


def reset():
    _state.depth = 0
    violations.clear()
    calls.clear()
