"""wants.analyze through a real Celery worker (started by .ci/run; skipped otherwise). Each
test fails when no worker consumes the queue: what it checks is what the worker did."""

import uuid

import pytest
from django.db.models.functions import Now

from apps.ai.models import AIJob
from apps.wants.models import WantsAnalysis
from tests.conftest import worker_registered_tasks
from tests.helpers import wait_until, worker_finished_job

from .helpers import err, finish_exercise, ok, text_used

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_analyze_runs_in_the_worker_and_charges_once(celery_worker_app, auth_client):
    finish_exercise(auth_client, stream=["I want to run a marathon", "I want a higher salary"])
    ok(auth_client.post("/api/v1/wants/complete"))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert {"health", "career"} <= {w["area_id"] for w in analysis["top_wants"]}
    job_id = WantsAnalysis.objects.get(pk=analysis["id"]).task_id
    assert worker_finished_job(job_id).started_at  # the worker ran it, not this process
    assert text_used(auth_client.user) == 1


def test_worker_registers_the_spec_task_names(celery_worker_app):
    registered = worker_registered_tasks(celery_worker_app)
    assert "wants.analyze" in registered


def test_work_whose_deadline_passed_while_the_worker_was_away_is_never_saved_or_charged(
    celery_worker_app, auth_client, settings
):
    """The job is queued where no worker consumes (as if the worker were stopped) and nobody
    waits for it (async mode), so it is still queued when its deadline passes. RabbitMQ drops
    that message at the deadline (Celery sends `expires` as its TTL); a broker without TTLs, or
    a redelivery, would hand it to a worker anyway, so the test delivers it again to the
    worker: the worker refuses the job by the database's clock and fails it as timed out,
    nothing is saved, nothing charged."""
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    away = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-away-{uuid.uuid4().hex[:8]}"
    celery_worker_app.conf.task_default_queue = away
    settings.AI_TASK_WAIT_SECONDS = 1
    try:
        accepted = ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="respond-async"), 202)
    finally:
        celery_worker_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    job_id = accepted["job_id"]
    try:
        wait_until(lambda: AIJob.objects.filter(pk=job_id, deadline_at__lt=Now()).exists(), what="the deadline")
        assert AIJob.objects.get(pk=job_id).status == "queued"  # nothing failed it yet
        celery_worker_app.tasks["wants.analyze"].apply_async(
            kwargs={"job_id": job_id}, task_id=job_id, queue=settings.CELERY_TASK_DEFAULT_QUEUE
        )
        job = worker_finished_job(job_id)  # fails when no worker consumes the queue
    finally:
        with celery_worker_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(away)
    assert (job.status, job.error_code, job.attempt) == ("failed", "WANTS_AI_TIMEOUT", 0)  # never claimed
    assert not WantsAnalysis.objects.filter(user=auth_client.user).exists()
    assert text_used(auth_client.user) == 0
    assert ok(auth_client.get(accepted["status_url"]))["error"]["code"] == "WANTS_AI_TIMEOUT"
    assert ok(auth_client.get("/api/v1/wants/analysis")) is None


def test_async_mode_end_to_end_with_the_worker(celery_worker_app, auth_client, other_client):
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    accepted = ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="respond-async"), 202)
    assert accepted["status"] in ("queued", "running", "succeeded")  # the worker may be quick
    job = wait_until(
        lambda: (body := ok(auth_client.get(accepted["status_url"])))["status"] not in ("queued", "running") and body,
        what="the job to finish",
    )
    assert job["status"] == "succeeded", job
    assert worker_finished_job(accepted["job_id"]).started_at
    assert job["result"] == ok(auth_client.get("/api/v1/wants/analysis"))
    assert text_used(auth_client.user) == 1
    err(other_client.get(accepted["status_url"]), 404, "JOB_NOT_FOUND")
