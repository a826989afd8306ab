"""rituals.weekly_review through a real Celery worker (started by .ci/run; skipped otherwise).
The worker runs on the real clock: a user who signed up now reviews the current week."""

import pytest

from apps.ai.models import AIJob
from apps.core.timezones import local_week_start
from apps.limits.models import QuotaCharge
from apps.rituals.models import WeeklyReview
from tests.conftest import worker_registered_tasks
from tests.helpers import worker_finished_job

from .helpers import MORNING, ok, post_entry

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_worker_registers_the_task(celery_worker_app):
    assert "rituals.weekly_review" in worker_registered_tasks(celery_worker_app)


def test_weekly_review_runs_in_the_worker_and_charges_once(celery_worker_app, auth_client):
    ok(post_entry(auth_client, MORNING))
    review = ok(auth_client.post("/api/v1/rituals/weekly/analyze", {"user_reflection": "Good week."}, format="json"))
    assert review["week_start"] == local_week_start(user=auth_client.user).isoformat()
    assert review["stats"]["entries"] == 1 and review["stats"]["avg_mood"] == 7.0
    assert review["model"] == "offline" and review["ai_analysis"]["recommendations"]
    assert WeeklyReview.objects.get(user=auth_client.user).status == "completed"
    assert QuotaCharge.objects.filter(user=auth_client.user, resource="text").count() == 1
    job = AIJob.objects.get(user=auth_client.user, kind="rituals.weekly_review")
    assert worker_finished_job(job.pk).started_at  # the worker ran it, not this process
