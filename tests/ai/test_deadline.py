"""The job's deadline holds end to end (issue 18 item 2), counted at a local AI service: the AI
client gets the time the job has left, no call starts after the deadline, a call's timeout and
retries fit inside it, and work past it is neither saved nor charged. A redelivered running
job is taken over; only its current attempt may save or fail it."""

import time
from datetime import timedelta

import pytest
from django.db.models.functions import Now

from apps.ai.jobs import AIJobSpec, ai_job_execute
from apps.ai.jobs.notices import job_finish_failed
from apps.ai.models import AIJob
from apps.core.exceptions import APIError
from apps.limits.models import QuotaCharge
from apps.wants.models import WantsAnalysis
from tests.wants.helpers import err, finish_exercise, ok, text_used
from tests.wants.test_analyze_openai import GOOD

from .ai_service import CountingAIService, use_ai_service

pytestmark = pytest.mark.django_db

ASYNC = {"HTTP_PREFER": "respond-async"}


@pytest.fixture
def completed_via_api(auth_client):
    finish_exercise(auth_client)
    return ok(auth_client.post("/api/v1/wants/complete"))


@pytest.fixture
def service(settings):
    service = CountingAIService(content=GOOD).start()
    use_ai_service(settings, service)
    yield service
    service.stop()


@pytest.fixture
def not_enqueued(monkeypatch):
    """Jobs are created but no worker gets them (the test runs them itself)."""
    from mechta.celery import app

    monkeypatch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)


def assert_nothing_saved_or_charged(user):
    assert text_used(user) == 0
    assert not QuotaCharge.objects.filter(user=user).exists()
    assert not WantsAnalysis.objects.filter(user=user).exists()


def queued_job(client) -> AIJob:
    return AIJob.objects.get(pk=ok(client.post("/api/v1/wants/analyze", **ASYNC), 202)["job_id"])


def test_a_job_run_after_its_deadline_makes_no_ai_call(auth_client, completed_via_api, service, not_enqueued):
    job = queued_job(auth_client)
    AIJob.objects.filter(pk=job.pk).update(deadline_at=Now() - timedelta(seconds=1))  # the worker came too late

    assert ai_job_execute(job_id=str(job.pk))["status"] == "failed"

    assert service.count() == 0
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "WANTS_AI_TIMEOUT")
    assert_nothing_saved_or_charged(auth_client.user)


def test_no_deadline_left_means_504_without_any_ai_call(auth_client, completed_via_api, service, settings):
    settings.AI_TASK_WAIT_SECONDS = 0
    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert service.count() == 0
    assert_nothing_saved_or_charged(auth_client.user)


def test_a_slow_call_is_cut_at_the_jobs_deadline_not_at_the_proxy_timeout(
    auth_client, completed_via_api, service, settings
):
    settings.AI_PROXY_TIMEOUT_SECONDS = 60
    settings.AI_PROXY_MAX_RETRIES = 3
    settings.AI_TASK_WAIT_SECONDS = 1.5
    service.delay = 10
    started = time.monotonic()
    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert time.monotonic() - started < 3  # the deadline, not the 60 s proxy timeout
    job = AIJob.objects.get(user=auth_client.user)
    assert service.count() == 1  # no retry after the timed out call: no time was left
    assert all(call.at < job.deadline_at.timestamp() for call in service.calls)
    assert_nothing_saved_or_charged(auth_client.user)


def test_retries_stop_before_the_deadline(auth_client, completed_via_api, service, settings):
    """A failing service is retried only while time is left: every call the service received
    started before the job's deadline, and the request ends at it."""
    settings.AI_PROXY_MAX_RETRIES = 50
    settings.AI_TASK_WAIT_SECONDS = 2
    service.delay = 0.3
    service.status = 503
    started = time.monotonic()
    response = auth_client.post("/api/v1/wants/analyze")
    # 502 after the last failed answer, or 504 when the deadline cut the last attempt short
    assert (response.status_code, response.json()["error"]["code"]) in {
        (502, "WANTS_AI_FAILED"),
        (504, "WANTS_AI_TIMEOUT"),
    }
    assert time.monotonic() - started < 3.5
    job = AIJob.objects.get(user=auth_client.user)
    assert 2 <= service.count() <= 7, service.calls  # retried, but far fewer than 51 attempts
    assert all(call.at < job.deadline_at.timestamp() for call in service.calls)
    assert_nothing_saved_or_charged(auth_client.user)


def test_work_that_ends_after_the_deadline_by_the_database_clock_is_discarded(
    auth_client, completed_via_api, service, not_enqueued, monkeypatch
):
    """The save checks `deadline_at > now()` in the database: the deadline moved into the past
    while the AI answered (as a slow worker clock would not notice) → nothing saved or charged."""
    job = queued_job(auth_client)
    call = AIJobSpec.call

    def call_then_late(self, **kwargs):
        result = call(self, **kwargs)
        AIJob.objects.filter(pk=job.pk).update(deadline_at=Now() - timedelta(milliseconds=1))
        return result

    monkeypatch.setattr(AIJobSpec, "call", call_then_late)
    assert ai_job_execute(job_id=str(job.pk))["status"] == "failed"
    assert service.count() == 1
    assert_nothing_saved_or_charged(auth_client.user)


def test_a_redelivered_running_job_is_taken_over_and_charged_once(
    auth_client, completed_via_api, service, not_enqueued
):
    job = queued_job(auth_client)
    AIJob.objects.filter(pk=job.pk).update(status="running", attempt=1)  # its worker died mid-call

    assert ai_job_execute(job_id=str(job.pk))["status"] == "duplicate"  # not redelivered: left alone
    assert service.count() == 0

    assert ai_job_execute(job_id=str(job.pk), redelivered=True)["status"] == "succeeded"
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("succeeded", 2)
    assert service.count() == 1
    assert text_used(auth_client.user) == 1
    assert WantsAnalysis.objects.filter(user=auth_client.user).count() == 1
    # The lost attempt, were it still alive, can neither fail nor save the job any more.
    assert not job_finish_failed(job.pk, APIError(), attempt=1)
    assert ai_job_execute(job_id=str(job.pk), redelivered=True)["status"] == "duplicate"
    assert service.count() == 1


def test_a_job_that_keeps_killing_its_worker_stops_after_the_last_attempt(
    auth_client, completed_via_api, service, not_enqueued, settings
):
    settings.AI_JOB_MAX_ATTEMPTS = 3
    job = queued_job(auth_client)
    AIJob.objects.filter(pk=job.pk).update(status="running", attempt=3)
    assert ai_job_execute(job_id=str(job.pk), redelivered=True)["status"] == "duplicate"
    assert service.count() == 0


def test_a_stale_attempt_that_finishes_late_does_not_fail_the_new_one(
    auth_client, completed_via_api, service, not_enqueued, monkeypatch
):
    """Attempt 1 is still alive (it only lost the broker) when attempt 2 takes the job over:
    attempt 1's answer is discarded without touching the job, attempt 2 saves it."""
    job = queued_job(auth_client)
    call = AIJobSpec.call

    def taken_over_meanwhile(self, **kwargs):
        result = call(self, **kwargs)
        AIJob.objects.filter(pk=job.pk).update(attempt=2)
        return result

    monkeypatch.setattr(AIJobSpec, "call", taken_over_meanwhile)
    ai_job_execute(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("running", 2)
    assert_nothing_saved_or_charged(auth_client.user)
