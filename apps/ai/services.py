"""Writes of the AI app outside a job's own life (those live in apps.ai.jobs)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import AIJob


def ai_jobs_purge(*, older_than_days: int | None = None) -> int:
    """Delete AI jobs older than AI_JOB_RETENTION_DAYS (or `older_than_days`)."""
    days = settings.AI_JOB_RETENTION_DAYS if older_than_days is None else older_than_days
    deleted, _ = AIJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
