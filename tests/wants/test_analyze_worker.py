"""wants.analyze through a real Celery worker (started by .ci/run; skipped otherwise)."""

import pytest

from apps.wants.models import WantsAnalysis

from .helpers import finish_exercise, ok, text_used

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_analyze_runs_in_the_worker_and_charges_once(celery_worker_app, auth_client):
    finish_exercise(auth_client, stream=["I want to run a marathon", "I want a higher salary"])
    ok(auth_client.post("/api/v1/wants/complete"))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert {"health", "career"} <= {w["area_id"] for w in analysis["top_wants"]}
    assert WantsAnalysis.objects.get(pk=analysis["id"]).task_id
    assert text_used(auth_client.user) == 1
