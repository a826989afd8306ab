"""The worker's side: claim a job before its deadline, call the AI with the time left, then
save, charge and finish it in one transaction only while the deadline has not passed."""

import functools
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now
from django.utils import timezone

from apps.core.dbclock import db_now_sql
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


@functools.cache
def _claim_sql() -> tuple[str, list, list]:
    """The UPDATE that claims a QUEUED job before its deadline and returns the job, the time it
    has left and its user in one round trip, with each model's concrete fields in order."""
    user_model = get_user_model()
    job_fields, user_fields = AIJob._meta.concrete_fields, user_model._meta.concrete_fields
    quote = connection.ops.quote_name
    returned = ", ".join(f"ai_jobs.{quote(field.column)}" for field in job_fields)
    user_table = quote(user_model._meta.db_table)
    sql = (
        f"WITH claimed AS (UPDATE ai_jobs SET status = %s, attempt = attempt + 1, started_at = STATEMENT_TIMESTAMP() "  # noqa: S608 - names from the models' meta; every value is a parameter
        f"WHERE id = %s AND status = %s AND deadline_at > STATEMENT_TIMESTAMP() "
        f"RETURNING {returned}, deadline_at - STATEMENT_TIMESTAMP()) "
        f"SELECT claimed.*, {', '.join(f'{user_table}.{quote(field.column)}' for field in user_fields)} "
        f"FROM claimed JOIN {user_table} ON {user_table}.{quote(user_model._meta.pk.column)} = claimed.user_id"
    )
    return sql, list(job_fields), list(user_fields)


def _model_from_row(model, fields: list, values: tuple):
    """An instance as the ORM would load it: each field's `from_db_value` (a jsonb column's
    decoding) applied."""
    values = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [field.attname for field in fields], values)


def _job_claim_queued(job_id: str) -> AIJob | None:
    """The common case in one statement (PostgreSQL): claim a QUEUED job before its deadline
    and load it with its user and `time_left`; None when it is not such a job (missing, running,
    finished or late: `ai_job_execute` then decides with the ORM). Loading the job, then
    claiming it through the ORM cost ~3,500 Python calls of a job's ~19,000 (bench/PROFILE.md)."""
    if connection.vendor != "postgresql":
        return None
    sql, job_fields, user_fields = _claim_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.RUNNING, job_id, Status.QUEUED])
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(job_fields)
    job = _model_from_row(AIJob, job_fields, row[:count])
    job.time_left = row[count]
    job.user = _model_from_row(get_user_model(), user_fields, row[count + 1 :])
    return job


# The save's two statements, written out: through the ORM (a SELECT FOR UPDATE of the id, then
# `save(update_fields=...)`) they cost ~1,800 Python calls per job. `{now}` is Django's `Now()`.
_LOCK_SQL = "SELECT 1 FROM ai_jobs WHERE id = %s AND status = %s AND attempt = %s AND deadline_at > {now}"
_SUCCEEDED_SQL = "UPDATE ai_jobs SET status = %s, result = %s, model = %s, finished_at = %s WHERE id = %s"


def _db(field_name: str, value):
    return AIJob._meta.get_field(field_name).get_db_prep_save(value, connection)


def _job_lock_if_ours(job: AIJob, attempt: int) -> bool:
    """Lock the job's row (inside the save's transaction) while it is still this attempt's
    and before its deadline by the database's clock."""
    sql = _LOCK_SQL.format(now=db_now_sql()) + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [_db("id", job.pk), Status.RUNNING, attempt])
        return cursor.fetchone() is not None


def _job_succeeded_save(job: AIJob) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            _SUCCEEDED_SQL,
            [job.status, _db("result", job.result), job.model, _db("finished_at", job.finished_at), _db("id", job.pk)],
        )


def _job_fail_if_late(job: AIJob, spec: AIJobSpec) -> bool:
    """Fail the job as timed out when its deadline passed unfinished (the database's clock)."""
    late = AIJob.objects.filter(pk=job.pk, status__in=[Status.QUEUED, Status.RUNNING], deadline_at__lte=Now())
    return late.exists() and job_finish_failed(job.pk, spec.timeout_error())


def ai_job_execute(*, job_id: str, redelivered: bool = False) -> dict:
    """Run one job in the worker (or inline in eager mode). Never raises: the outcome is on
    the job row. `redelivered`: the broker delivered this message before (see _job_claim)."""
    job = _job_claim_queued(job_id)
    claimed = job is not None
    if not claimed:
        time_left = ExpressionWrapper(F("deadline_at") - Now(), output_field=DurationField())
        job = next(iter(AIJob.objects.select_related("user").annotate(time_left=time_left).filter(pk=job_id).order_by()), None)
        if job is None:
            logger.warning("AI job %s does not exist", job_id)
            return {"job_id": job_id, "status": "missing"}
    spec = ai_job_spec_or_none(job.kind)
    if spec is None:  # a kind this version does not know: fail it (claimed or not)
        job_finish_failed(job.pk, APIError())
        return {"job_id": job_id, "status": Status.FAILED}
    if claimed:
        attempt = job.attempt
    else:
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
            if not _job_lock_if_ours(job, attempt):  # late by the database's clock, or taken over meanwhile
                raise _MissedDeadline
            public = spec.save(job=job, user=user, params=job.params, result=result, locale=job.locale)
            quota_charge(user=user, resource=spec.resource, key=str(job.pk))
            job.status = Status.SUCCEEDED
            job.result = public
            job.model = (getattr(result, "model", "") or "")[:128]
            job.finished_at = timezone.now()
            _job_succeeded_save(job)
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
