"""Run a named Celery task for an HTTP request and wait for it.

Tasks never let exceptions cross the broker: they return `{"status": "ok", "result": ...}`
or `{"status": "error", "code": "timeout" | "failed" | "quota_exceeded", "details": {...}}`.
"""

import logging

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings

from apps.core.exceptions import APIError
from apps.core.logging import request_id_var
from apps.limits.errors import QuotaExceeded

logger = logging.getLogger(__name__)


def task_ok(result) -> dict:
    return {"status": "ok", "result": result}


def task_error(code: str, **details) -> dict:
    return {"status": "error", "code": code, "details": details}


def run_ai_task(name: str, *, kwargs: dict, timeout_error: type[APIError], failed_error: type[APIError]):
    """Enqueue task `name`, wait `AI_TASK_WAIT_SECONDS` (AI_PROXY_TIMEOUT_SECONDS + 30) and
    return its result; map a timeout to `timeout_error` and any failure to `failed_error`."""
    from mechta.celery import app

    try:
        async_result = app.tasks[name].apply_async(kwargs=kwargs, headers={"request_id": request_id_var.get()})
        outcome = async_result.get(timeout=settings.AI_TASK_WAIT_SECONDS, propagate=True, disable_sync_subtasks=False)
    except CeleryTimeout as exc:
        logger.warning("AI task %s did not finish in %ss", name, settings.AI_TASK_WAIT_SECONDS)
        raise timeout_error() from exc
    except Exception as exc:  # broker down, worker crashed, task raised
        logger.exception("AI task %s failed", name)
        raise failed_error() from exc
    if not isinstance(outcome, dict) or outcome.get("status") not in ("ok", "error"):
        raise failed_error()
    if outcome["status"] == "ok":
        return outcome["result"]
    code = outcome.get("code")
    if code == "timeout":
        raise timeout_error()
    if code == "quota_exceeded":
        raise QuotaExceeded(details=outcome.get("details") or {})
    raise failed_error()
