"""Reads of the AI app, scoped by owner."""

from django.core.exceptions import ValidationError

from .errors import JobNotFound
from .jobs.waits import ai_job_expire
from .models import AIJob


def ai_job_get(*, user, job_id) -> AIJob:
    """The caller's job (failed as timed out when read past its deadline unfinished); another
    user's job is exactly as missing."""
    try:
        job = AIJob.objects.get(pk=job_id, user=user)
    except (AIJob.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise JobNotFound() from exc
    return ai_job_expire(job)
