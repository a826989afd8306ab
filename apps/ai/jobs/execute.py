"""The worker's side: claim a job before its deadline, call the AI with the time left, then
save, charge and finish it in one transaction only while the deadline has not passed."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now
from django.utils import timezone

from apps.core.exceptions import APIError
from apps.limits.services import quota_charge

from ..client import ai_deadline
from ..errors import AITimeout
from ..models import AIJob
from .files import rollback_files_cleanup
from .notices import job_finish_failed, job_notify
from .spec import AIJobSpec, ai_job_spec_or_none

logger = logging.getLogger(__name__)

Status = AIJob.Status

# Of the time a job has left, what the AI call may not use: the save after it needs a moment.
SAVE_RESERVE_SECONDS = 0.5


class _MissedDeadline(Exception):
    pass


def _job_claim(job: AIJob, *, redelivered: bool) -> int | None:
    """Make this delivery the job's owner; its attempt number, or None when it must not run.

    A QUEUED job is claimed before its deadline (the database's clock). A RUNNING job is taken
    over only by a message the broker delivered again (its worker died or lost the broker
    before acknowledging it) and at most AI_JOB_MAX_ATTEMPTS times in all: a job that kills
    its worker every time stops there. Any other delivery of a running job is a duplicate."""
    live = AIJob.objects.filter(pk=job.pk, attempt=job.attempt, deadline_at__gt=Now())
    claimed = live.filter(status=Status.QUEUED).update(
        status=Status.RUNNING, attempt=F("attempt") + 1, started_at=Now()
    )
    if not claimed and redelivered and job.status == Status.RUNNING:
        claimed = live.filter(status=Status.RUNNING, attempt__lt=settings.AI_JOB_MAX_ATTEMPTS).update(
            attempt=F("attempt") + 1, started_at=Now()
        )
        if claimed:
            logger.warning("AI job %s (%s) taken over after attempt %d was lost", job.pk, job.kind, job.attempt)
    return job.attempt + 1 if claimed else None


def _job_fail_if_late(job: AIJob, spec: AIJobSpec) -> bool:
    """Fail the job as timed out when its deadline passed unfinished (the database's clock)."""
    late = AIJob.objects.filter(pk=job.pk, status__in=[Status.QUEUED, Status.RUNNING], deadline_at__lte=Now())
    return late.exists() and job_finish_failed(job.pk, spec.timeout_error())


def ai_job_execute(*, job_id: str, redelivered: bool = False) -> dict:
    """Run one job in the worker (or inline in eager mode). Never raises: the outcome is on
    the job row. `redelivered`: the broker delivered this message before (see _job_claim)."""
    time_left = ExpressionWrapper(F("deadline_at") - Now(), output_field=DurationField())
    job = next(iter(AIJob.objects.select_related("user").annotate(time_left=time_left).filter(pk=job_id).order_by()), None)
    if job is None:
        logger.warning("AI job %s does not exist", job_id)
        return {"job_id": job_id, "status": "missing"}
    spec = ai_job_spec_or_none(job.kind)
    if spec is None:
        job_finish_failed(job.pk, APIError())
        return {"job_id": job_id, "status": Status.FAILED}
    attempt = _job_claim(job, redelivered=redelivered)
    if attempt is None:
        if _job_fail_if_late(job, spec):
            logger.warning("AI job %s (%s) missed its deadline before it started", job.pk, job.kind)
            return {"job_id": job_id, "status": Status.FAILED}
        return {"job_id": job_id, "status": "duplicate"}  # another delivery owns it, or it ended
    user = job.user
    try:
        # The time left by the database's clock (the one the save checks), read with the job.
        with ai_deadline(job.time_left.total_seconds() - SAVE_RESERVE_SECONDS):
            result = spec.call(user=user, params=job.params, locale=job.locale)
        with transaction.atomic():
            ours = AIJob.objects.select_for_update().filter(
                pk=job.pk, status=Status.RUNNING, attempt=attempt, deadline_at__gt=Now()
            )
            if not ours.values_list("pk", flat=True):  # late by the database's clock, or taken over meanwhile
                raise _MissedDeadline
            public = spec.save(job=job, user=user, params=job.params, result=result, locale=job.locale)
            quota_charge(user=user, resource=spec.resource, key=str(job.pk))
            job.status = Status.SUCCEEDED
            job.result = public
            job.model = (getattr(result, "model", "") or "")[:128]
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "result", "model", "finished_at"])
            transaction.on_commit(lambda: job_notify(job))
        return {"job_id": str(job.pk), "status": Status.SUCCEEDED}
    except _MissedDeadline:
        logger.warning("AI job %s (%s) attempt %d finished too late: discarded", job.pk, job.kind, attempt)
        job_finish_failed(job.pk, spec.timeout_error(), attempt=attempt)
    except AITimeout:
        logger.warning("AI job %s (%s): the AI service timed out", job.pk, job.kind)
        job_finish_failed(job.pk, spec.timeout_error(), attempt=attempt)
    except APIError as exc:
        job_finish_failed(job.pk, exc, attempt=attempt)
    except Exception as exc:  # noqa: BLE001 - AIError, bad output, bugs: the module's failed error
        logger.warning("AI job %s (%s) failed: %s: %s", job.pk, job.kind, type(exc).__name__, exc)
        job_finish_failed(job.pk, spec.failed_error(), attempt=attempt)
    finally:
        rollback_files_cleanup()
    job.refresh_from_db(fields=["status"])
    return {"job_id": str(job.pk), "status": job.status}
