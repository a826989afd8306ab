"""goals.generate and steps.generate through a real Celery worker (started by .ci/run;
skipped otherwise)."""

import pytest

from apps.ai.models import AIJob
from tests.conftest import worker_registered_tasks
from tests.helpers import worker_finished_job

from .factories import GoalFactory
from .helpers import ok, text_used

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_worker_registers_the_goals_and_steps_tasks(celery_worker_app):
    registered = worker_registered_tasks(celery_worker_app)
    assert {"goals.generate", "steps.generate"} <= registered


def test_goals_and_steps_generate_run_in_the_worker_and_charge_once_each(celery_worker_app, auth_client):
    goals = ok(auth_client.post("/api/v1/goals/generate"))["goals"]
    assert goals and all(g["source"] == "ai" for g in goals)
    goal = GoalFactory(user=auth_client.user)
    steps = ok(auth_client.post("/api/v1/steps/generate", {"goal_ids": [str(goal.id)]}, format="json"))["steps"]
    assert steps[0]["goal_id"] == str(goal.id) and steps[0]["parent_ref"] is None
    assert text_used(auth_client.user) == 2
    jobs = AIJob.objects.filter(user=auth_client.user)
    assert sorted(job.kind for job in jobs) == ["goals.generate", "steps.generate"]
    assert all(worker_finished_job(job.pk).started_at for job in jobs)  # the worker ran them
