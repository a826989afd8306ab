"""Maintenance runs by itself (issue 18 item 5): CELERY_BEAT_SCHEDULE in the settings is the one
schedule, every entry names a task the Celery app has registered, and each scheduled task does
its job when run. `make beat` starts celery beat with that schedule."""

import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from celery.schedules import BaseSchedule, crontab
from django.conf import settings
from django.utils import timezone

from apps.ai.models import AIJob
from apps.core.models import RateLimitSlot
from mechta.celery import app
from tests.accounts.factories import UserFactory
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent.parent


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every tasks.py
    return set(app.tasks)


def run_scheduled(task_name: str):
    """Run the scheduled entry's task as the worker would get it from beat (eagerly here)."""
    registered_tasks()
    return app.tasks[scheduled(task_name)["task"]].apply()


def scheduled(task_name: str) -> dict:
    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == task_name]
    assert len(entries) == 1, (task_name, entries)
    return entries[0]


def test_every_scheduled_entry_names_a_registered_task():
    tasks = registered_tasks()
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in tasks, f"{name}: {entry['task']} is not a registered Celery task"
        assert isinstance(entry["schedule"], BaseSchedule | timedelta), name
        assert entry.get("options", {}).get("expires"), f"{name}: a run no worker started must expire"


def test_the_celery_app_reads_the_schedule_from_the_settings():
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_maintenance_and_the_tip_preparation_are_scheduled():
    tips = scheduled("esoterics.tips_schedule")["schedule"]
    assert isinstance(tips, crontab)
    # at least every 15 minutes, so zones with :30 / :45 offsets are due within the hour
    now = datetime(2025, 1, 13, 4, 0, tzinfo=UTC)
    assert tips.remaining_delta(now)[0] is not None
    assert scheduled("ai.jobs_purge")
    assert scheduled("core.rate_limit_slots_purge")


@pytest.mark.django_db
def test_scheduled_ai_jobs_purge_deletes_only_old_jobs(user):
    old = AIJob.objects.create(user=user, kind="wants.analyze", params={}, deadline_at=timezone.now())
    AIJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=settings.AI_JOB_RETENTION_DAYS + 1))
    recent = AIJob.objects.create(user=user, kind="wants.analyze", params={}, deadline_at=timezone.now())
    run_scheduled("ai.jobs_purge")
    assert list(AIJob.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_scheduled_rate_limit_slots_purge_deletes_only_expired_slots():
    RateLimitSlot.objects.create(key="rl:old", index=0, hit_at=time.time() - 2 * 24 * 3600)
    RateLimitSlot.objects.create(key="rl:live", index=0, hit_at=time.time() - 60)
    run_scheduled("core.rate_limit_slots_purge")
    assert list(RateLimitSlot.objects.values_list("key", flat=True)) == ["rl:live"]


@pytest.mark.django_db
def test_scheduled_tip_preparation_prepares_the_days_tips():
    with time_machine.travel(datetime(2025, 1, 13, 22, 0, tzinfo=UTC), tick=False):
        client = client_for(UserFactory(time_zone="UTC", date_of_birth="1990-05-17"))
        assert client.get("/api/v1/esoterics/today").json()["result"]["daily_tip"]["source"] == "static"
        run_scheduled("esoterics.tips_schedule")
        assert client.get("/api/v1/esoterics/today").json()["result"]["daily_tip"]["source"] == "ai"


def test_make_beat_runs_celery_beat_with_a_schedule_file():
    dry = subprocess.run(["make", "-n", "beat"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "celery -A mechta beat" in dry
    assert "--schedule=var/celerybeat-schedule" in dry
