"""The AI-job layer through a real AI endpoint (wants.analyze): async mode, job reads and
ownership, AI_BUSY past the wait limit, deadlines, a broker that refuses the job."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.ai import offline as ai_offline
from apps.ai.errors import AITimeout
from apps.ai.jobs import ai_job_create, ai_job_execute, waits
from apps.ai.models import AIJob
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_charge
from apps.wants.models import WantsAnalysis
from tests.wants.helpers import err, finish_exercise, ok, text_used

pytestmark = pytest.mark.django_db

ASYNC = {"HTTP_PREFER": "respond-async"}


@pytest.fixture
def completed(auth_client):
    finish_exercise(auth_client)
    return ok(auth_client.post("/api/v1/wants/complete"))


@pytest.fixture
def composer(monkeypatch):
    def install(func):
        monkeypatch.setitem(ai_offline._COMPOSERS, "wants.analyze", func)

    return install


@pytest.fixture
def broker_down(monkeypatch):
    """The task is accepted by nobody: the job stays queued, as with every worker stopped."""
    from mechta.celery import app

    monkeypatch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)


def test_async_call_answers_202_and_the_job_gives_the_same_result(auth_client, completed):
    response = auth_client.post("/api/v1/wants/analyze", **ASYNC)
    accepted = ok(response, 202)
    assert set(accepted) == {"job_id", "status", "status_url"}
    assert accepted["status_url"] == f"/api/v1/jobs/{accepted['job_id']}"
    assert response["Location"] == accepted["status_url"]
    assert response["Preference-Applied"] == "respond-async"

    job = ok(auth_client.get(accepted["status_url"]))
    assert job["status"] == "succeeded"
    assert job["kind"] == "wants.analyze"
    assert job["error"] is None
    assert job["created_at"].endswith("Z") and job["finished_at"].endswith("Z")
    assert job["result"] == ok(auth_client.get("/api/v1/wants/analysis"))
    assert text_used(auth_client.user) == 1


def test_prefer_header_tokens_are_case_insensitive_among_others(auth_client, completed):
    ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="return=minimal, Respond-Async"), 202)


def test_async_failure_is_the_error_the_sync_call_would_give(auth_client, completed, composer):
    def slow(context, locale):
        raise AITimeout("slow")

    composer(slow)
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    job = ok(auth_client.get(accepted["status_url"]))
    assert job["status"] == "failed"
    assert job["result"] is None
    assert job["error"]["code"] == "WANTS_AI_TIMEOUT"
    assert job["error"]["http_code"] == 504
    assert job["error"]["message"]
    assert job["error"]["details"] == {} and job["error"]["fields"] == {}
    sync = err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert job["error"] == sync
    assert text_used(auth_client.user) == 0


def test_job_error_message_follows_the_readers_language(auth_client, completed, composer):
    composer(lambda context, locale: ["not an object"])
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    messages = {}
    for locale in ("ru", "en"):
        auth_client.user.locale = locale
        auth_client.user.save(update_fields=["locale"])
        messages[locale] = ok(auth_client.get(accepted["status_url"]))["error"]["message"]
    assert messages["ru"] != messages["en"]
    assert "AI" in messages["en"]


def test_async_call_checks_the_quota_first(auth_client, completed):
    for i in range(5):
        quota_charge(user=auth_client.user, resource="text", key=f"used-{i}")
    err(auth_client.post("/api/v1/wants/analyze", **ASYNC), 403, "QUOTA_EXCEEDED")
    assert not AIJob.objects.exists()


def test_another_users_job_answers_like_a_missing_one(auth_client, other_client, completed):
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    foreign = other_client.get(accepted["status_url"])
    missing = other_client.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000")
    malformed = other_client.get("/api/v1/jobs/not-a-uuid")
    for response in (foreign, missing, malformed):
        err(response, 404, "JOB_NOT_FOUND")
    assert foreign.json()["error"] == missing.json()["error"]


def test_jobs_need_authentication(api_client, auth_client, completed):
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    err(api_client.get(accepted["status_url"]), 401, "AUTH_NOT_AUTHENTICATED")


def test_past_the_wait_limit_ai_calls_are_busy_and_other_endpoints_answer(auth_client, completed, settings):
    settings.AI_MAX_WAITS_PER_PROCESS = 2
    with waits.WaitSlot(), waits.WaitSlot():  # two requests of this process are waiting
        response = auth_client.post("/api/v1/wants/analyze")
        busy = err(response, 503, "AI_BUSY")
        assert response["Retry-After"] == str(settings.AI_BUSY_RETRY_AFTER_SECONDS)
        assert busy["details"] == {"retry_after": settings.AI_BUSY_RETRY_AFTER_SECONDS}
        ok(auth_client.get("/api/v1/me"))
        ok(auth_client.get("/api/v1/wants/progress"))
        ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)  # async needs no wait slot
    assert AIJob.objects.count() == 1
    ok(auth_client.post("/api/v1/wants/analyze"))  # the slots are free again
    assert waits.ai_waits_in_flight() == 0


@pytest.mark.django_db(transaction=True)
def test_a_waiting_call_holds_its_slot_until_it_answers(auth_client, completed, composer, settings):
    """Two real requests: while the first waits for the AI, the second is AI_BUSY at once."""
    settings.AI_MAX_WAITS_PER_PROCESS = 1
    started, release = threading.Event(), threading.Event()
    real = ai_offline._COMPOSERS["wants.analyze"]

    def blocking(context, locale):
        started.set()
        release.wait(10)
        return real(context, locale)

    composer(blocking)
    first = {}
    waiting = threading.Thread(target=lambda: first.update(response=auth_client.post("/api/v1/wants/analyze")))
    waiting.start()
    try:
        assert started.wait(10)
        err(auth_client.post("/api/v1/wants/analyze"), 503, "AI_BUSY")
    finally:
        release.set()
        waiting.join(10)
    ok(first["response"])
    assert WantsAnalysis.objects.count() == 1


def test_job_read_after_its_deadline_is_failed_as_timed_out(auth_client, completed, broker_down):
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    assert ok(auth_client.get(accepted["status_url"]))["status"] == "queued"
    AIJob.objects.update(deadline_at=timezone.now() - timedelta(seconds=5))
    job = ok(auth_client.get(accepted["status_url"]))
    assert job["status"] == "failed"
    assert job["error"]["code"] == "WANTS_AI_TIMEOUT"


def test_worker_coming_back_after_the_deadline_saves_and_charges_nothing(auth_client, completed, broker_down):
    accepted = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    AIJob.objects.update(deadline_at=timezone.now() - timedelta(seconds=1))
    ai_job_execute(job_id=accepted["job_id"])  # the late delivery
    job = AIJob.objects.get()
    assert (job.status, job.error_code) == ("failed", "WANTS_AI_TIMEOUT")
    assert not WantsAnalysis.objects.exists()
    assert not QuotaCharge.objects.exists()


def test_sync_call_gives_up_at_the_deadline_when_no_worker_runs(auth_client, completed, broker_down, settings):
    settings.AI_TASK_WAIT_SECONDS = 0.3
    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    job = AIJob.objects.get()
    assert (job.status, job.error_code) == ("failed", "WANTS_AI_TIMEOUT")
    ai_job_execute(job_id=str(job.pk))  # the worker comes back
    assert not WantsAnalysis.objects.exists()
    assert text_used(auth_client.user) == 0


def test_a_broker_refusing_the_job_is_the_failed_error(auth_client, completed, monkeypatch):
    from mechta.celery import app

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(app.tasks["wants.analyze"], "apply_async", refuse)
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert AIJob.objects.get().error_code == "WANTS_AI_FAILED"
    assert text_used(auth_client.user) == 0


def test_jobs_are_purged_only_after_the_retention(user, completed, settings):
    from apps.ai.services import ai_jobs_purge

    old = ai_job_create(user=user, kind="wants.analyze", params={"raw_id": completed["id"]})
    new = ai_job_create(user=user, kind="wants.analyze", params={"raw_id": completed["id"]})
    AIJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=settings.AI_JOB_RETENTION_DAYS + 1))
    AIJob.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=7))
    assert ai_jobs_purge() == 1
    assert list(AIJob.objects.values_list("pk", flat=True)) == [new.pk]


def test_schema_documents_async_mode_and_jobs(api_client):
    schema = api_client.get("/api/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    analyze = schema["paths"]["/api/v1/wants/analyze"]["post"]
    assert {"200", "202", "503"} <= set(analyze["responses"])
    assert any(p["name"] == "Prefer" and p["in"] == "header" for p in analyze["parameters"])
    assert "/api/v1/jobs/{job_id}" in schema["paths"]
    assert "404" in schema["paths"]["/api/v1/jobs/{job_id}"]["get"]["responses"]
