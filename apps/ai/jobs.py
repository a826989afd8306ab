"""The AI-job layer: the one way an endpoint runs AI work.

A module declares its job once (apps/<app>/jobs.py, imported by its AppConfig.ready()):

    @ai_job_register
    class GoalsGenerateJob(AIJobSpec):
        kind = "goals.generate"          # Celery task name, offline composer key, prompt file
        resource = "text"                # quota charged once on success
        timeout_error = GoalsAITimeout   # 504
        failed_error = GoalsAIFailed     # 502
        output = GoalsAIOutput           # validates the model's JSON

        def context(self, *, user, params, locale): ...          # what the AI sees
        def save(self, *, job, user, params, result, locale): ... # rows + XP -> public result

and its view answers with `ai_job_respond(request, kind=..., params=...)`. Everything else
lives here once:

- a deadline: every job must finish by `deadline_at` (now + AI_TASK_WAIT_SECONDS). The task
  is enqueued with `expires` at the deadline; the worker claims the job only before it (by the
  database's clock), hands the AI client the time left (`ai_deadline`: no AI call starts after
  it, timeouts and retries fit inside it) and saves only while holding the job row with
  `deadline_at > now()` in the database, so late work is never saved or charged. Celery's
  time limits are not what enforces this: the threads pool ignores them;
- the quota bounds the AI calls: creating a job reserves one unit (an unfinished job before its
  deadline counts against the quota, under the usage row's lock), so a user never has more AI
  calls in flight than units left; success turns the reservation into the charge, failure or a
  missed deadline frees it. A spec with a `unique_key` (one review per week) has at most one
  unfinished job per (user, kind, key): a second request joins it;
- a crashed worker loses no job: the message is acknowledged only after the task (acks_late),
  so a broker that redelivers when a consumer dies (RabbitMQ) hands it to another worker, which
  takes the RUNNING job over (`attempt` + 1). Only the current attempt may save or fail the
  job, so a stale one can neither save nor fail it;
- "save + charge + XP" in one transaction keyed by the job: a redelivered or raced job is
  charged and rewarded at most once;
- the wait holds no CPU and no database connection: it sleeps until one watcher per process,
  polling the cache keys the worker sets on completion (and the job rows now and then) for all
  waits at once, wakes it; at most AI_MAX_WAITS_PER_PROCESS waits per web process, past that
  503 AI_BUSY with Retry-After;
- async mode: `Prefer: respond-async` answers 202 `{job_id, status, status_url}` at once and
  `GET /api/v1/jobs/{job_id}` tells the outcome, the same result or error as the sync call;
- one mapping of failures: AITimeout -> the module's timeout error, any other failure -> its
  failed error, an APIError raised by the module (e.g. QUOTA_EXCEEDED in a race) as it is.
"""

import logging
import threading
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from apps.core.envelope import error_body
from apps.core.exceptions import APIError
from apps.core.locale import locale_of_user
from apps.core.logging import request_id_var
from apps.core.ratelimit import limit_hit
from apps.limits.services import quota_charge, quota_check, quota_exceeded, quota_limit, quota_usage_lock

from .client import ai_deadline, complete_json
from .errors import AITimeout
from .errors_api import AIBusy, JobNotFound
from .models import AIJob

logger = logging.getLogger(__name__)

Status = AIJob.Status

# How much longer than the deadline a waiter gives the worker to commit what it finished in time.
DEADLINE_GRACE_SECONDS = 1.0
# The waits of a process are watched together (_JobWatcher): a cache poll of all of them this
# often, and a read of their rows (when the cache missed a completion) this often.
POLL_SECONDS = 0.1
DB_POLL_SECONDS = 2.0
# Of the time a job has left, what the AI call may not use: the save after it needs a moment.
SAVE_RESERVE_SECONDS = 0.5


class AIJobSpec:
    """What an AI module declares; see the module docstring."""

    kind: str = ""
    resource: str = "text"
    timeout_error: type[APIError] = APIError
    failed_error: type[APIError] = APIError
    output = None  # a DRF Serializer class for text jobs

    def context(self, *, user, params: dict, locale: str) -> dict:
        raise NotImplementedError

    def call(self, *, user, params: dict, locale: str):
        """The AI call, outside any transaction. Text jobs ask for JSON validated by `output`."""
        context = self.context(user=user, params=params, locale=locale)
        release_pooled_connection()  # the AI may take seconds; a pooled connection serves others meanwhile
        return complete_json(task=self.kind, locale=locale, context=context, output=self.output)

    def save(self, *, job: AIJob, user, params: dict, result, locale: str) -> dict:
        raise NotImplementedError

    # With a unique_key: True when a succeeded job is THE result for its key (one review per
    # week), so a request that raced past the module's own check joins it instead of calling
    # the AI again; False when the key only means "one at a time" (a new picture).
    unique_result_is_final = False

    def unique_key(self, params: dict) -> str:
        """What makes the result unique (e.g. the reviewed week), or "" when any number of
        these jobs may run: while one runs, a request with the same key joins it."""
        return ""


_SPECS: dict[str, AIJobSpec] = {}


def release_pooled_connection() -> None:
    """Give this thread's connection back to the pool (cheap) when the database is pooled;
    without a pool keep it: reconnecting costs more than the idle connection."""
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        release_db_connection()


def release_db_connection() -> None:
    """Close this thread's database connection before a long sleep or network wait, unless a
    transaction (or a test's) is open; the next query reconnects."""
    if not connection.in_atomic_block:
        connection.close()


def ai_job_register(spec_class: type[AIJobSpec]) -> type[AIJobSpec]:
    """Register a module's job and the Celery task of the same name that runs it."""
    spec = spec_class()
    if not spec.kind:
        raise ValueError(f"{spec_class.__name__} has no kind")
    _SPECS[spec.kind] = spec

    def run(task, job_id: str) -> dict:
        # A message the broker delivers again (its consumer died before acknowledging it), or
        # this task's own retry below: either may take over the job its last try left running.
        delivery = getattr(task.request, "delivery_info", None) or {}
        redelivered = bool(delivery.get("redelivered")) or bool(task.request.retries)
        try:
            return ai_job_execute(job_id=job_id, redelivered=redelivered)
        except DatabaseError as exc:  # no database (or no pooled connection in time): try again soon
            logger.warning("AI job %s: database unavailable (%s), retrying", job_id, exc)
            raise task.retry(exc=exc, countdown=1, max_retries=settings.AI_JOB_MAX_ATTEMPTS) from exc

    run.__name__ = run.__qualname__ = spec.kind.replace(".", "_")
    run.__module__ = spec_class.__module__
    shared_task(name=spec.kind, bind=True)(run)
    return spec_class


def ai_job_spec(kind: str) -> AIJobSpec:
    return _SPECS[kind]


# --- rollback helpers for files written inside save() ------------------------------------------


def on_rollback_delete(storage, name: str) -> None:
    """Delete `name` from `storage` if the surrounding transaction rolls back: a file written
    inside save() must not outlive a job that was not saved."""
    state = {"committed": False}
    transaction.on_commit(lambda: state.update(committed=True))
    _rollback_files().append((state, storage, name))


# Per thread: the worker runs jobs on a threads pool (and eager jobs run in web threads), so
# one job's cleanup must never see — and delete — another job's files still being committed.
_ROLLBACK_LOCAL = threading.local()


def _rollback_files() -> list:
    files = getattr(_ROLLBACK_LOCAL, "files", None)
    if files is None:
        files = _ROLLBACK_LOCAL.files = []
    return files


def _rollback_files_cleanup() -> None:
    """After a save attempt: remove the files of a transaction that did not commit."""
    files = _rollback_files()
    while files:
        state, storage, name = files.pop()
        if not state["committed"]:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - cleanup must never mask the real outcome
                logger.warning("Could not delete %s after a rolled back job", name)


# --- the worker side -------------------------------------------------------------------------


def _done_key(job_id) -> str:
    return f"ai:job:{job_id}"


_OUTCOME_FIELDS = ("status", "result", "error_code", "error_http_code", "error_details")


def _notify(job: AIJob) -> None:
    """Tell waiters the job finished: its outcome under a cache key, so a waiter answers
    without reconnecting to the database (a burst of reconnects when many AI answers arrive
    at once would stall the other requests)."""
    try:
        cache.set(_done_key(job.pk), {name: getattr(job, name) for name in _OUTCOME_FIELDS}, timeout=600)
    except Exception:  # noqa: BLE001 - waiters fall back to reading the row
        logger.warning("AI job %s: could not set the completion key", job.pk)


def _job_finish_failed(job_id, error: APIError, *, attempt: int | None = None) -> bool:
    """Fail an unfinished job with `error`; False when it had already finished (the worker
    saved it in time, or another waiter failed it first) or, with `attempt`, when another
    delivery took it over."""
    failed = {
        "status": Status.FAILED,
        "error_code": error.code,
        "error_http_code": error.http_code,
        "error_details": error.details or {},
    }
    unfinished = AIJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING])
    if attempt is not None:
        unfinished = unfinished.filter(attempt=attempt)
    updated = unfinished.update(**failed, finished_at=timezone.now())
    if updated:
        _notify(AIJob(pk=job_id, **failed))
    return bool(updated)


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
    return late.exists() and _job_finish_failed(job.pk, spec.timeout_error())


def ai_job_execute(*, job_id: str, redelivered: bool = False) -> dict:
    """Run one job in the worker (or inline in eager mode). Never raises: the outcome is on
    the job row. `redelivered`: the broker delivered this message before (see _job_claim)."""
    job = (
        AIJob.objects.select_related("user")
        .annotate(time_left=ExpressionWrapper(F("deadline_at") - Now(), output_field=DurationField()))
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        logger.warning("AI job %s does not exist", job_id)
        return {"job_id": job_id, "status": "missing"}
    spec = _SPECS.get(job.kind)
    if spec is None:
        _job_finish_failed(job.pk, APIError())
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
            locked = (
                AIJob.objects.select_for_update()
                .filter(pk=job.pk, status=Status.RUNNING, attempt=attempt, deadline_at__gt=Now())
                .first()
            )
            if locked is None:  # late by the database's clock, or taken over meanwhile
                raise _MissedDeadline
            public = spec.save(job=locked, user=user, params=locked.params, result=result, locale=locked.locale)
            quota_charge(user=user, resource=spec.resource, key=str(locked.pk))
            locked.status = Status.SUCCEEDED
            locked.result = public
            locked.model = (getattr(result, "model", "") or "")[:128]
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "result", "model", "finished_at"])
            transaction.on_commit(lambda: _notify(locked))
    except _MissedDeadline:
        logger.warning("AI job %s (%s) attempt %d finished too late: discarded", job.pk, job.kind, attempt)
        _job_finish_failed(job.pk, spec.timeout_error(), attempt=attempt)
    except AITimeout:
        logger.warning("AI job %s (%s): the AI service timed out", job.pk, job.kind)
        _job_finish_failed(job.pk, spec.timeout_error(), attempt=attempt)
    except APIError as exc:
        _job_finish_failed(job.pk, exc, attempt=attempt)
    except Exception as exc:  # noqa: BLE001 - AIError, bad output, bugs: the module's failed error
        logger.warning("AI job %s (%s) failed: %s: %s", job.pk, job.kind, type(exc).__name__, exc)
        _job_finish_failed(job.pk, spec.failed_error(), attempt=attempt)
    finally:
        _rollback_files_cleanup()
    job.refresh_from_db(fields=["status"])
    return {"job_id": str(job.pk), "status": job.status}


# --- the web side ----------------------------------------------------------------------------

_waits_lock = threading.Lock()
_waits_in_flight = 0


class _WaitSlot:
    """One of this process's AI_MAX_WAITS_PER_PROCESS waits, or 503 AI_BUSY."""

    def __enter__(self):
        global _waits_in_flight
        with _waits_lock:
            if _waits_in_flight >= settings.AI_MAX_WAITS_PER_PROCESS:
                raise AIBusy(settings.AI_BUSY_RETRY_AFTER_SECONDS)
            _waits_in_flight += 1
        return self

    def __exit__(self, *exc_info):
        global _waits_in_flight
        with _waits_lock:
            _waits_in_flight -= 1


def ai_waits_in_flight() -> int:
    return _waits_in_flight


def prefers_async(request) -> bool:
    """RFC 7240 `Prefer: respond-async` (tokens are case-insensitive, comma-separated)."""
    header = request.headers.get("Prefer", "")
    return any(token.split(";")[0].strip().lower() == "respond-async" for token in header.split(","))


def _job_row_create(*, user, kind: str, params: dict, unique_key: str = "") -> AIJob:
    """The job row; its deadline is set by the database's clock, the one every check of it uses."""
    job = AIJob.objects.create(
        user=user,
        kind=kind,
        params=params,
        resource=_SPECS[kind].resource,
        unique_key=unique_key,
        locale=locale_of_user(user),
        deadline_at=Now() + timedelta(seconds=settings.AI_TASK_WAIT_SECONDS),
    )
    job.refresh_from_db(fields=["deadline_at"])
    return job


def _jobs_in_flight(*, user):
    """The user's unfinished jobs before their deadline: each holds one reserved unit."""
    return AIJob.objects.filter(user=user, status__in=[Status.QUEUED, Status.RUNNING], deadline_at__gt=Now())


def _job_reserve(*, user, kind: str, params: dict) -> tuple[AIJob, bool]:
    """(the new job, True) holding one unit of its resource, or (the unfinished job with the
    same unique key, False) to join. 403 QUOTA_EXCEEDED when the units used plus those
    reserved by jobs in flight leave none. Runs under the usage row's lock (PostgreSQL: a row
    lock; parallel requests of one user queue here for milliseconds), so it is exact."""
    spec = _SPECS[kind]
    unique_key = (spec.unique_key(params) or "")[:128]
    with transaction.atomic():
        used = quota_usage_lock(user=user, resource=spec.resource)
        in_flight = _jobs_in_flight(user=user)
        if unique_key:
            same = AIJob.objects.filter(user=user, kind=kind, unique_key=unique_key)
            joined = in_flight.filter(kind=kind, unique_key=unique_key).first()
            if joined is None and spec.unique_result_is_final:
                joined = same.filter(status=Status.SUCCEEDED).first()
            if joined is not None:
                return joined, False
        if used + in_flight.filter(resource=spec.resource).count() >= quota_limit(user=user, resource=spec.resource):
            raise quota_exceeded(user=user, resource=spec.resource, used=used)
        return _job_row_create(user=user, kind=kind, params=params, unique_key=unique_key), True


def ai_job_run_inline(*, user, kind: str, params: dict) -> AIJob:
    """Create a job and run it in this process, with no broker and no wait: for commands
    (seed_demo). Same deadline, transaction and charging as a queued job."""
    job = _job_row_create(user=user, kind=kind, params=params)
    ai_job_execute(job_id=str(job.pk))
    return _job_reload(job)


def ai_job_create(*, user, kind: str, params: dict) -> AIJob:
    """Reserve a unit and create the job row, then enqueue its task with the deadline (or
    return the running job with the same unique key: joined, nothing enqueued). 403
    QUOTA_EXCEEDED when no unit is left; 502 (the module's failed error) when the broker
    cannot take it."""
    spec = _SPECS[kind]
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
        )
    except Exception:
        logger.exception("AI job %s (%s) could not be enqueued", job.pk, kind)
        _job_finish_failed(job.pk, spec.failed_error())
    return job


def _job_reload(job: AIJob) -> AIJob:
    return AIJob.objects.get(pk=job.pk)


def ai_job_wait(job: AIJob) -> AIJob:
    """Sleep until the job finishes or its deadline passes (then it is failed as timed out,
    unless the worker committed in time). Holds no database connection while sleeping."""
    job = _job_reload(job)
    if job.is_finished:
        return job
    release_db_connection()
    give_up = time.monotonic() + max(0.0, (job.deadline_at - timezone.now()).total_seconds()) + DEADLINE_GRACE_SECONDS
    return _wait_loop(job, give_up)


def _wait_loop(job: AIJob, give_up: float) -> AIJob:
    outcome = _watcher().wait(job, give_up - time.monotonic())
    if outcome is not None:
        return outcome
    _job_finish_failed(job.pk, _SPECS[job.kind].timeout_error())
    return _job_reload(job)


class _Watch:
    __slots__ = ("job", "done", "outcome")

    def __init__(self, job: AIJob):
        self.job = job
        self.done = threading.Event()
        self.outcome: AIJob | None = None


class _JobWatcher:
    """Watches every job this process's requests wait for, in one loop: one cache MGET of all
    their completion keys every POLL_SECONDS and one query for all their rows every
    DB_POLL_SECONDS, then wakes the waiters whose job finished. Waits cost no polling of their
    own, so hundreds of them cost a few round trips a second (each polling for itself, 256 waits
    took both cores of a 2-core node and stalled the other requests: bench/SERVERS.md). The loop
    is a thread (a greenlet under gevent), started by the first wait of a process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._watches: dict[str, list[_Watch]] = {}
        self._work = threading.Event()
        self._thread: threading.Thread | None = None

    def wait(self, job: AIJob, seconds: float) -> AIJob | None:
        """The finished job, or None when `seconds` passed first."""
        watch = _Watch(job)
        key = str(job.pk)
        with self._lock:
            self._watches.setdefault(key, []).append(watch)
            if self._thread is None or not self._thread.is_alive():  # first use, or a forked child
                self._thread = threading.Thread(target=self._run, name="ai-job-watcher", daemon=True)
                self._thread.start()
        self._work.set()
        try:
            watch.done.wait(max(0.0, seconds))
        finally:
            with self._lock:
                watches = self._watches.get(key, [])
                if watch in watches:
                    watches.remove(watch)
                if not watches:
                    self._watches.pop(key, None)
        return watch.outcome

    def _run(self) -> None:
        next_db = time.monotonic() + DB_POLL_SECONDS
        while True:
            with self._lock:
                pending = {key: list(watches) for key, watches in self._watches.items()}
                if not pending:
                    self._work.clear()
            if not pending:
                self._work.wait()
                continue
            time.sleep(POLL_SECONDS)
            try:
                self._poll_cache(pending)
                if time.monotonic() >= next_db:
                    next_db = time.monotonic() + DB_POLL_SECONDS
                    self._poll_rows(pending)
            except Exception:  # noqa: BLE001 - the loop must outlive any outage; waits end at their deadline
                logger.warning("AI job watcher: a poll failed", exc_info=True)

    def _poll_cache(self, pending: dict[str, list[_Watch]]) -> None:
        try:
            found = cache.get_many([_done_key(key) for key in pending])
        except Exception:  # noqa: BLE001 - a cache outage only leaves the rows to poll
            return
        for key, watches in pending.items():
            outcome = found.get(_done_key(key))
            if isinstance(outcome, dict) and outcome.get("status") in (Status.SUCCEEDED, Status.FAILED):
                job = watches[0].job
                self._wake(watches, AIJob(pk=job.pk, kind=job.kind, user_id=job.user_id, **outcome))

    def _poll_rows(self, pending: dict[str, list[_Watch]]) -> None:
        try:
            finished = {str(job.pk): job for job in AIJob.objects.filter(pk__in=list(pending), status__in=[Status.SUCCEEDED, Status.FAILED])}
        finally:
            release_db_connection()
        for key, job in finished.items():
            self._wake(pending[key], job)

    @staticmethod
    def _wake(watches: list[_Watch], job: AIJob) -> None:
        for watch in watches:
            if not watch.done.is_set():
                watch.outcome = job
                watch.done.set()


_watcher_instance = _JobWatcher()


def _watcher() -> _JobWatcher:
    return _watcher_instance


def ai_job_expire(job: AIJob) -> AIJob:
    """A job read after its deadline (+ grace) that never finished is failed as timed out."""
    if not job.is_finished and timezone.now() > job.deadline_at + timedelta(seconds=DEADLINE_GRACE_SECONDS):
        _job_finish_failed(job.pk, _SPECS[job.kind].timeout_error() if job.kind in _SPECS else APIError())
        return _job_reload(job)
    return job


def _error_class(code: str) -> type[APIError]:
    pending = [APIError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls
        pending.extend(cls.__subclasses__())
    return APIError


def ai_job_error(job: AIJob) -> APIError:
    """The error a failed job answers with, its message in the current language."""
    cls = _error_class(job.error_code)
    error = APIError(cls.message, details=job.error_details)
    error.code = job.error_code or APIError.code
    error.http_code = job.error_http_code or cls.http_code
    if error.http_code == 503 and "retry_after" in (job.error_details or {}):
        error.headers = {"Retry-After": str(job.error_details["retry_after"])}
    return error


def ai_job_outcome(job: AIJob):
    """The job's result, or raise its error: what the synchronous endpoint answers."""
    if job.status == Status.SUCCEEDED:
        return job.result
    raise ai_job_error(job)


def ai_job_accepted(job: AIJob) -> Response:
    url = f"/api/v1/jobs/{job.pk}"
    response = Response({"job_id": str(job.pk), "status": job.status, "status_url": url}, status=202)
    response["Location"] = url
    response["Preference-Applied"] = "respond-async"
    return response


def ai_rate_limit(user) -> None:
    """429 RATE_LIMITED past AI_RATE_LIMIT_PER_MINUTE requests of one user to AI endpoints
    (all kinds together, refused ones included); 0 switches it off."""
    if settings.AI_RATE_LIMIT_PER_MINUTE > 0:
        limit_hit(scope="ai", ident=str(user.pk), limit=settings.AI_RATE_LIMIT_PER_MINUTE, window=60)


def ai_job_respond(request, *, kind: str, params) -> Response:
    """Run `kind` for the caller: 429 RATE_LIMITED past the per-user AI rate, 403
    QUOTA_EXCEEDED when no unit is left unused and unreserved, 202 in async mode,
    else wait and answer the result (200) or raise the job's error (504 / 502 / 503 AI_BUSY).
    `params` (JSON-able) may be a callable: it then runs after the quota check, so its own
    errors (e.g. 404 for a missing record) come after QUOTA_EXCEEDED."""
    spec = _SPECS[kind]
    user = request.user
    ai_rate_limit(user)
    quota_check(user=user, resource=spec.resource)
    if callable(params):
        params = params()
    if prefers_async(request):
        # Reloaded: in eager mode (no broker) the job has already run and says so.
        return ai_job_accepted(_job_reload(ai_job_create(user=user, kind=kind, params=params)))
    with _WaitSlot():
        job = ai_job_wait(ai_job_create(user=user, kind=kind, params=params))
    return Response(ai_job_outcome(job))


# --- reads -----------------------------------------------------------------------------------


def ai_job_get(*, user, job_id) -> AIJob:
    """The caller's job; another user's job is exactly as missing."""
    try:
        job = AIJob.objects.get(pk=job_id, user=user)
    except (AIJob.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise JobNotFound() from exc
    return ai_job_expire(job)


def ai_job_public(job: AIJob) -> dict:
    return {
        "job_id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "result": job.result if job.status == Status.SUCCEEDED else None,
        "error": error_body(ai_job_error(job)) if job.status == Status.FAILED else None,
    }


def ai_jobs_purge(*, older_than_days: int | None = None) -> int:
    days = settings.AI_JOB_RETENTION_DAYS if older_than_days is None else older_than_days
    deleted, _ = AIJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


# --- schema ------------------------------------------------------------------------------------


class AIJobAcceptedSerializer(serializers.Serializer):
    job_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_url = serializers.CharField(help_text="GET it for the outcome: /api/v1/jobs/{job_id}")


PREFER_PARAMETER = OpenApiParameter(
    "Prefer",
    str,
    OpenApiParameter.HEADER,
    required=False,
    enum=["respond-async"],
    description="`respond-async`: answer 202 with a job id at once instead of waiting; "
    "GET /api/v1/jobs/{job_id} gives the same result or error later.",
)


def ai_job_schema(ok_serializer) -> dict:
    """extend_schema() keyword arguments of an AI endpoint: 200 with the result, 202 in async mode."""
    return {"parameters": [PREFER_PARAMETER], "responses": {200: ok_serializer, 202: AIJobAcceptedSerializer}}
