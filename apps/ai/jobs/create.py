"""A new job: its row with a deadline by the database's clock and a reserved quota unit (or
the running job with the same unique key, to join), then its task on the broker."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Now

from apps.core.locale import locale_of_user
from apps.core.logging import request_id_var
from apps.core.sqlread import CompiledList
from apps.limits.services import quota_exceeded, quota_limit, quota_usage_lock

from ..models import AIJob
from .execute import ai_job_execute
from .notices import job_finish_failed
from .spec import ai_job_spec

logger = logging.getLogger(__name__)

Status = AIJob.Status


def _job_row_create(*, user, kind: str, params: dict, unique_key: str = "", db_now: datetime | None = None) -> AIJob:
    """The job row; its deadline is set by the database's clock, the one every check of it uses
    (`db_now`: that clock as the caller just read it; else the row is read back)."""
    wait = timedelta(seconds=settings.AI_TASK_WAIT_SECONDS)
    job = AIJob.objects.create(
        user=user,
        kind=kind,
        params=params,
        resource=ai_job_spec(kind).resource,
        unique_key=unique_key,
        locale=locale_of_user(user),
        deadline_at=Now() + wait if db_now is None else db_now + wait,
    )
    if db_now is None:
        job.refresh_from_db(fields=["deadline_at"])
    return job


def _in_flight_of(owner_id):
    """The user's unfinished jobs before their deadline: each holds one reserved unit."""
    return AIJob.objects.filter(user_id=owner_id, status__in=[Status.QUEUED, Status.RUNNING], deadline_at__gt=Now())


# How many units the user's jobs in flight hold of a resource: one row, or none (compiled once).
_RESERVED = CompiledList(
    "ai.jobs_in_flight",
    lambda owner_id, resource: _in_flight_of(owner_id).filter(resource=resource).values("resource").annotate(n=Count("pk")),
    varying=("owner_id",),
)


def _units_reserved(*, user, resource: str) -> int:
    return sum(row["n"] for row in _RESERVED.rows(owner_id=user.pk, resource=resource))


def _job_reserve(*, user, kind: str, params: dict) -> tuple[AIJob, bool]:
    """(the new job, True) holding one unit of its resource, or (the unfinished job with the
    same unique key, False) to join. 403 QUOTA_EXCEEDED when the units used plus those
    reserved by jobs in flight leave none. Runs under the usage row's lock (PostgreSQL: a row
    lock; parallel requests of one user queue here for milliseconds), so it is exact."""
    spec = ai_job_spec(kind)
    unique_key = (spec.unique_key(params) or "")[:128]
    with transaction.atomic():
        used, db_now = quota_usage_lock(user=user, resource=spec.resource)
        if unique_key:
            same = AIJob.objects.filter(user=user, kind=kind, unique_key=unique_key)
            joined = _in_flight_of(user.pk).filter(kind=kind, unique_key=unique_key).first()
            if joined is None and spec.unique_result_is_final:
                joined = same.filter(status=Status.SUCCEEDED).first()
            if joined is not None:
                return joined, False
        if used + _units_reserved(user=user, resource=spec.resource) >= quota_limit(user=user, resource=spec.resource):
            raise quota_exceeded(user=user, resource=spec.resource, used=used)
        return _job_row_create(user=user, kind=kind, params=params, unique_key=unique_key, db_now=db_now), True


def ai_job_run_inline(*, user, kind: str, params: dict) -> AIJob:
    """Create a job and run it in this process, with no broker and no wait: for commands
    (seed_demo). Same deadline, transaction and charging as a queued job."""
    job = _job_row_create(user=user, kind=kind, params=params)
    ai_job_execute(job_id=str(job.pk))
    return AIJob.objects.get(pk=job.pk)


def ai_job_create(*, user, kind: str, params: dict) -> AIJob:
    """Reserve a unit and create the job row, then enqueue its task with the deadline (or
    return the running job with the same unique key: joined, nothing enqueued). 403
    QUOTA_EXCEEDED when no unit is left; 502 (the module's failed error) when the broker
    cannot take it."""
    spec = ai_job_spec(kind)
    wait = settings.AI_TASK_WAIT_SECONDS
    job, created = _job_reserve(user=user, kind=kind, params=params)
    if not created:
        return job
    from mechta.celery import app

    try:
        app.tasks[kind].apply_async(
            kwargs={"job_id": str(job.pk)},
            task_id=str(job.pk),
            expires=job.deadline_at,
            # Honoured by a prefork pool only; under threads the deadline in code is the bound.
            soft_time_limit=max(1, int(wait)),
            time_limit=max(2, int(wait) + 5),
            headers={"request_id": request_id_var.get()},
            kwargsrepr=f"{{'job_id': '{job.pk}'}}",  # what Celery logs; its saferepr of the kwargs costs more
        )
    except Exception:
        logger.exception("AI job %s (%s) could not be enqueued", job.pk, kind)
        job_finish_failed(job.pk, spec.failed_error())
        job.refresh_from_db()  # failed: the caller answers so at once
    return job
