"""How a job's end reaches its waiters: the outcome under a cache key, set when it finishes."""

import logging

from django.core.cache import cache
from django.utils import timezone

from apps.core.exceptions import APIError

from ..models import AIJob

logger = logging.getLogger(__name__)

Status = AIJob.Status

OUTCOME_FIELDS = ("status", "result", "error_code", "error_http_code", "error_details")


def job_done_key(job_id) -> str:
    return f"ai:job:{job_id}"


def job_notify(job: AIJob) -> None:
    """Tell waiters the job finished: its outcome under a cache key, so a waiter answers
    without reconnecting to the database (a burst of reconnects when many AI answers arrive
    at once would stall the other requests)."""
    try:
        cache.set(job_done_key(job.pk), {name: getattr(job, name) for name in OUTCOME_FIELDS}, timeout=600)
    except Exception:  # noqa: BLE001 - waiters fall back to reading the row
        logger.warning("AI job %s: could not set the completion key", job.pk)


def job_finish_failed(job_id, error: APIError, *, attempt: int | None = None) -> bool:
    """Fail an unfinished job with `error` and tell its waiters; False when it had already
    finished (the worker saved it in time, or another waiter failed it first) or, with
    `attempt`, when another delivery took it over."""
    failed = {
        "status": Status.FAILED,
        "error_code": error.code,
        "error_http_code": error.http_code,
        "error_details": error.details or {},
    }
    unfinished = AIJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING])
    if attempt is not None:
        unfinished = unfinished.filter(attempt=attempt)
    updated = unfinished.update(**failed, finished_at=timezone.now())
    if updated:
        job_notify(AIJob(pk=job_id, **failed))
    return bool(updated)
