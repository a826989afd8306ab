"""run_ai_task in eager mode (the test settings) with a test task registered on the project app."""

import pytest
from celery.exceptions import TimeoutError as CeleryTimeout
from celery.result import EagerResult
from django.conf import settings

from apps.ai.runner import run_ai_task, task_error, task_ok
from apps.core.exceptions import APIError
from apps.limits.errors import QuotaExceeded
from mechta.celery import app


class DemoTimeout(APIError):
    code = "DEMO_AI_TIMEOUT"
    http_code = 504


class DemoFailed(APIError):
    code = "DEMO_AI_FAILED"
    http_code = 502


@app.task(name="tests.ai_echo")
def ai_echo(*, mode, payload=None):
    if mode == "ok":
        return task_ok({"echo": payload})
    if mode == "raise":
        raise RuntimeError("the task crashed")
    if mode == "garbage":
        return ["not", "an", "outcome"]
    if mode == "quota_exceeded":
        return task_error("quota_exceeded", resource="text", used=5, limit=5)
    return task_error(mode)


def run(mode, payload=None):
    return run_ai_task(
        "tests.ai_echo", kwargs={"mode": mode, "payload": payload}, timeout_error=DemoTimeout, failed_error=DemoFailed
    )


def test_ok_result_is_returned():
    assert run("ok", {"text": "привет", "n": [1, 2]}) == {"echo": {"text": "привет", "n": [1, 2]}}


def test_task_error_timeout_raises_the_timeout_error():
    with pytest.raises(DemoTimeout):
        run("timeout")


def test_task_error_failed_raises_the_failed_error():
    with pytest.raises(DemoFailed):
        run("failed")


def test_unknown_error_code_is_a_failure():
    with pytest.raises(DemoFailed):
        run("something_else")


def test_quota_exceeded_keeps_its_details():
    with pytest.raises(QuotaExceeded) as info:
        run("quota_exceeded")

    assert info.value.details == {"resource": "text", "used": 5, "limit": 5}
    assert info.value.code == "QUOTA_EXCEEDED"


def test_task_raising_is_a_failure():
    with pytest.raises(DemoFailed) as info:
        run("raise")

    assert isinstance(info.value.__cause__, RuntimeError)


def test_task_returning_something_else_is_a_failure():
    with pytest.raises(DemoFailed):
        run("garbage")


def test_unknown_task_is_a_failure():
    with pytest.raises(DemoFailed):
        run_ai_task("tests.no_such_task", kwargs={}, timeout_error=DemoTimeout, failed_error=DemoFailed)


def test_celery_timeout_is_the_timeout_error_eager(monkeypatch):
    """In eager mode the task has already run when apply_async returns, and EagerResult.get
    ignores its timeout, so nothing real can raise celery's TimeoutError here: simulate it on
    the class eager mode returns. The real path is the next test (no worker, memory broker)."""

    def never_ready(self, *args, **kwargs):
        raise CeleryTimeout("The operation timed out.")

    monkeypatch.setattr(EagerResult, "get", never_ready)

    with pytest.raises(DemoTimeout) as info:
        run("ok")

    assert isinstance(info.value.__cause__, CeleryTimeout)


@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("memory://"),
    reason="sends a real message: only with the in-process memory broker, where no worker consumes it",
)
@pytest.mark.django_db(transaction=True)
def test_celery_timeout_is_the_timeout_error_without_a_worker(settings, monkeypatch):
    """Not eager: the message goes to the in-memory broker, no worker ever runs it, and
    AsyncResult.get really times out polling the django-db result backend."""
    settings.AI_TASK_WAIT_SECONDS = 0.2
    monkeypatch.setattr(app.conf, "task_always_eager", False)

    with pytest.raises(DemoTimeout) as info:
        run("ok")

    assert isinstance(info.value.__cause__, CeleryTimeout)


def test_task_logs_carry_the_request_id_of_the_queuing_request(caplog):
    """The id travels as a message header and is bound in the task (as in a worker, where the
    HTTP request's context is not there)."""
    import logging

    @app.task(name="tests.ai_log_request_id")
    def log_something():
        logging.getLogger("tests.ai").warning("inside the task")
        return task_ok(None)

    request_id = "6f1c1a52-9d5b-4d0c-8d34-3f1f0c1e2a11"
    with caplog.at_level(logging.WARNING, logger="tests.ai"):
        log_something.apply(headers={"request_id": request_id})
    record = next(r for r in caplog.records if r.getMessage() == "inside the task")
    assert record.request_id == request_id
