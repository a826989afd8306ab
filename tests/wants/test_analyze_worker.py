"""wants.analyze through a real Celery worker (started by .ci/run; skipped otherwise)."""

import time
import uuid

import pytest

from apps.ai.models import AIJob
from apps.wants.models import WantsAnalysis

from .helpers import err, finish_exercise, ok, text_used

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_analyze_runs_in_the_worker_and_charges_once(celery_worker_app, auth_client):
    finish_exercise(auth_client, stream=["I want to run a marathon", "I want a higher salary"])
    ok(auth_client.post("/api/v1/wants/complete"))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert {"health", "career"} <= {w["area_id"] for w in analysis["top_wants"]}
    assert WantsAnalysis.objects.get(pk=analysis["id"]).task_id
    assert text_used(auth_client.user) == 1


def test_worker_registers_the_spec_task_names(celery_worker_app):
    replies = celery_worker_app.control.inspect(timeout=5).registered() or {}
    registered = {name for names in replies.values() for name in names}
    assert "wants.analyze" in registered


def test_work_whose_deadline_passed_while_the_worker_was_away_is_never_saved_or_charged(
    celery_worker_app, auth_client, settings
):
    """The worker is not consuming the job's queue (as if stopped): the request gives up at
    the deadline with 504. Then the worker comes back to that queue: the expired job is
    discarded, nothing is saved and nothing charged."""
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-away-{uuid.uuid4().hex[:8]}"
    celery_worker_app.conf.task_default_queue = queue
    settings.AI_TASK_WAIT_SECONDS = 1
    try:
        err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
        celery_worker_app.control.add_consumer(queue, reply=True, timeout=5)
        time.sleep(3)  # the worker receives the expired message now
    finally:
        celery_worker_app.control.cancel_consumer(queue, reply=True, timeout=5)
        celery_worker_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    job = AIJob.objects.get(user=auth_client.user)
    assert (job.status, job.error_code) == ("failed", "WANTS_AI_TIMEOUT")
    assert not WantsAnalysis.objects.filter(user=auth_client.user).exists()
    assert text_used(auth_client.user) == 0
    assert ok(auth_client.get("/api/v1/wants/analysis")) is None


def test_async_mode_end_to_end_with_the_worker(celery_worker_app, auth_client, other_client):
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    accepted = ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="respond-async"), 202)
    assert accepted["status"] in ("queued", "running", "succeeded")  # the worker may be quick
    deadline = time.monotonic() + 30
    job = ok(auth_client.get(accepted["status_url"]))
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = ok(auth_client.get(accepted["status_url"]))
    assert job["status"] == "succeeded", job
    assert job["result"] == ok(auth_client.get("/api/v1/wants/analysis"))
    assert text_used(auth_client.user) == 1
    err(other_client.get(accepted["status_url"]), 404, "JOB_NOT_FOUND")
