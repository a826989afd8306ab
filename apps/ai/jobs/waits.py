"""The web side's wait for a job: a slot of this process (or 503 AI_BUSY), then a sleep until
the process's one watcher sees the job finish or its deadline passes."""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.core.exceptions import APIError

from ..errors import AIBusy
from ..models import AIJob
from .connections import release_db_connection
from .notices import job_done_key, job_finish_failed
from .spec import ai_job_spec, ai_job_spec_or_none

logger = logging.getLogger(__name__)

Status = AIJob.Status

# How much longer than the deadline a waiter gives the worker to commit what it finished in time.
DEADLINE_GRACE_SECONDS = 1.0
# The waits of a process are watched together (_JobWatcher): a cache poll of all of them this
# often, and a read of their rows (when the cache missed a completion) this often.
POLL_SECONDS = 0.1
DB_POLL_SECONDS = 2.0

_waits_lock = threading.Lock()
_waits_in_flight = 0


class WaitSlot:
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


def job_reload(job: AIJob) -> AIJob:
    return AIJob.objects.get(pk=job.pk)


def ai_job_wait(job: AIJob) -> AIJob:
    """Sleep until the job finishes or its deadline passes (then it is failed as timed out,
    unless the worker committed in time). Holds no database connection while sleeping."""
    if settings.CELERY_TASK_ALWAYS_EAGER:  # the job has run already (no broker)
        job = job_reload(job)
    if job.is_finished:
        return job
    release_db_connection()
    give_up = time.monotonic() + max(0.0, (job.deadline_at - timezone.now()).total_seconds()) + DEADLINE_GRACE_SECONDS
    return _wait_loop(job, give_up)


def _wait_loop(job: AIJob, give_up: float) -> AIJob:
    outcome = _watcher().wait(job, give_up - time.monotonic())
    if outcome is not None:
        return outcome
    job_finish_failed(job.pk, ai_job_spec(job.kind).timeout_error())
    return job_reload(job)


def ai_job_expire(job: AIJob) -> AIJob:
    """A job read after its deadline (+ grace) that never finished is failed as timed out."""
    if not job.is_finished and timezone.now() > job.deadline_at + timedelta(seconds=DEADLINE_GRACE_SECONDS):
        spec = ai_job_spec_or_none(job.kind)
        job_finish_failed(job.pk, spec.timeout_error() if spec is not None else APIError())
        return job_reload(job)
    return job


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
            found = cache.get_many([job_done_key(key) for key in pending])
        except Exception:  # noqa: BLE001 - a cache outage only leaves the rows to poll
            return
        for key, watches in pending.items():
            outcome = found.get(job_done_key(key))
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
