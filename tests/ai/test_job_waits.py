"""Many AI waits of one web process (issue 18 item 6): each answers as soon as its job
finishes, and together they cost one cache read per watcher turn, not one per wait (256 waits
polling each for itself took both cores of a node)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.utils import timezone

from apps.ai.jobs import notices, waits
from apps.ai.models import AIJob

pytestmark = pytest.mark.django_db(transaction=True)  # the watcher thread reads committed rows

WAITS = 40


def queued_jobs(user, count: int) -> list[AIJob]:
    deadline = timezone.now() + timedelta(seconds=30)
    return [AIJob.objects.create(user=user, kind="wants.analyze", params={}, deadline_at=deadline) for _ in range(count)]


def finish(job: AIJob, n: int) -> None:
    """What the worker does on success: the row, then the completion key. On SQLite the test
    database is in memory with a shared cache, whose table locks do not wait: a write that
    meets the watcher's read of the rows fails at once ("database table is locked"), so it is
    tried again (a file database, as `make run` uses, waits instead)."""
    for attempt in range(100):
        try:
            AIJob.objects.filter(pk=job.pk).update(
                status=AIJob.Status.SUCCEEDED, result={"n": n}, finished_at=timezone.now()
            )
            break
        except OperationalError:
            if connection.vendor != "sqlite" or attempt == 99:
                raise
            time.sleep(0.01)
    notices.job_notify(AIJob.objects.get(pk=job.pk))


def test_many_waits_answer_as_their_jobs_finish_for_one_cache_read_per_turn(user, monkeypatch):
    jobs = queued_jobs(user, WAITS)
    reads = []

    class CountingCache:  # the cache the layer uses, in every thread (django's is per thread)
        def get_many(self, keys, *args, **kwargs):
            reads.append(len(keys))
            return cache.get_many(keys, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(waits, "cache", CountingCache())
    answers: dict[int, tuple[float, AIJob]] = {}

    def wait(n: int) -> None:
        job = waits.ai_job_wait(jobs[n])
        answers[n] = (time.monotonic(), job)

    threads = [threading.Thread(target=wait, args=(n,)) for n in range(WAITS)]
    first_wait = time.monotonic()  # the watcher's turns (its reads) start with the first wait
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while len(waits._watcher()._watches) < WAITS:  # every wait registered
        assert time.monotonic() < deadline
        time.sleep(0.01)
    finished_at = {}
    for n, job in enumerate(jobs):
        finish(job, n)
        finished_at[n] = time.monotonic()
    for thread in threads:
        thread.join(10)
    watched = time.monotonic() - first_wait

    assert sorted(answers) == list(range(WAITS))
    for n, (answered_at, job) in answers.items():
        assert (job.status, job.result) == ("succeeded", {"n": n})
        assert answered_at - finished_at[n] < 2.0  # a watcher turn or two, never the deadline
    # One read of all pending keys per turn (not one per wait): turns, not turns x waits. The
    # reads are counted from the first wait, so are the turns (on a slow machine registering the
    # 40 waits took turns of its own: 8 reads against a bound of 7.4 counted from the first finish).
    turns = watched / waits.POLL_SECONDS + 3
    assert len(reads) <= turns, (len(reads), turns)
    assert max(reads) > 1  # the keys of several waits in one read
    assert waits._watcher()._watches == {}


def test_a_wait_whose_job_never_finishes_ends_at_the_deadline_as_timed_out(user):
    job = queued_jobs(user, 1)[0]
    AIJob.objects.filter(pk=job.pk).update(deadline_at=timezone.now() + timedelta(seconds=0.3))
    started = time.monotonic()
    outcome = waits.ai_job_wait(AIJob.objects.get(pk=job.pk))
    assert time.monotonic() - started < 0.3 + waits.DEADLINE_GRACE_SECONDS + 1.5
    assert (outcome.status, outcome.error_code) == ("failed", "WANTS_AI_TIMEOUT")


def test_a_completion_the_cache_missed_is_read_from_the_row(user, monkeypatch):
    """A cache outage when the worker finished: the watcher's read of the rows wakes the wait."""
    monkeypatch.setattr(waits, "DB_POLL_SECONDS", 0.3)
    job = queued_jobs(user, 1)[0]
    answer = {}
    waiting = threading.Thread(target=lambda: answer.update(job=waits.ai_job_wait(job)))
    waiting.start()
    AIJob.objects.filter(pk=job.pk).update(status=AIJob.Status.SUCCEEDED, result={"from": "row"}, finished_at=timezone.now())
    waiting.join(10)
    assert (answer["job"].status, answer["job"].result) == ("succeeded", {"from": "row"})
