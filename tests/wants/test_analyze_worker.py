"""wants.analyze through a real Celery worker (started by .ci/run; skipped otherwise)."""

import time

import pytest

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


def test_task_finishing_after_the_request_timed_out_is_saved_and_charged_once(
    celery_worker_app, auth_client, settings
):
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    settings.AI_TASK_WAIT_SECONDS = 0.001  # the request gives up before the worker is done

    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")

    deadline = time.monotonic() + 30
    while not WantsAnalysis.objects.filter(user=auth_client.user).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a redelivered or duplicated task would land now
    assert WantsAnalysis.objects.filter(user=auth_client.user).count() == 1
    assert text_used(auth_client.user) == 1
    assert ok(auth_client.get("/api/v1/wants/analysis"))["id"] == str(WantsAnalysis.objects.get(user=auth_client.user).id)
