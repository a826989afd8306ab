"""A worker killed mid-job loses no job (issue 18 item 3, SECURITY 51): real Celery workers on
RabbitMQ, started here on a queue of this test's own, against the test database and a slow
local AI service. The first worker is killed with SIGKILL while its AI call runs; the broker
delivers the message again at once and a second worker takes the job over: it succeeds before
its deadline, saved once and charged once.

Needs PostgreSQL (the workers are other processes) and RabbitMQ (CELERY_BROKER_URL=amqp://...);
skipped otherwise."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from apps.ai.models import AIJob
from apps.limits.models import QuotaCharge
from apps.wants.models import WantsAnalysis
from tests.conftest import postgres_only
from tests.wants.factories import CompletedWantsRawFactory
from tests.wants.helpers import ok, text_used
from tests.wants.test_analyze_openai import GOOD

from .ai_service import CHAT, CountingAIService

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _rabbitmq_or_skip() -> None:
    if not BROKER.startswith(("amqp://", "pyamqp://")):
        pytest.skip("needs RabbitMQ: CELERY_BROKER_URL=amqp://...")
    from kombu import Connection

    try:
        with Connection(BROKER, connect_timeout=2) as probe:
            probe.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any failure means: no broker here
        pytest.skip(f"RabbitMQ is not reachable: {exc}")


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker` in a process of its own, logging to a file."""

    def __init__(self, *, name: str, queue: str, ai_url: str, log_dir: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mechta.settings.base",
            "DATABASE_URL": _database_url(),  # the test database: the rows this test commits
            "CONN_MAX_AGE": "0",
            "DB_POOL_MAX_SIZE": "0",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": queue,
            "AI_BACKEND": "openai",
            "AI_PROXY_URL": ai_url,
            "AI_PROXY_MAX_RETRIES": "0",
        }
        self.log = log_dir / f"{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mechta", "worker", "--pool=threads", "--concurrency=4",
             f"--queues={queue}", f"--hostname={name}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """The test is over: no shutdown to wait for (Celery's, warm or cold, takes 5-10 s while
        its event loop sleeps), and the queue is deleted after."""
        if self.process.poll() is None:
            self.kill()


@pytest.fixture
def crash_setup(settings, tmp_path):
    _rabbitmq_or_skip()
    from mechta.celery import app

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-crash-{uuid.uuid4().hex[:8]}"
    service = CountingAIService(content=GOOD).start()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    workers = []

    def start(name):
        workers.append(Worker(name=f"{name}-{queue}", queue=queue, ai_url=service.url, log_dir=tmp_path))
        return workers[-1]

    yield start, service
    for worker in workers:
        worker.stop()
    service.stop()
    app.conf.task_always_eager = True
    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)


def wait_for(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_job_whose_worker_is_killed_mid_call_is_redelivered_and_succeeds_once(
    crash_setup, auth_client, settings
):
    start, service = crash_setup
    settings.AI_TASK_WAIT_SECONDS = 60  # room for two worker start-ups on a busy machine
    service.delay = 120  # the first call hangs until the worker holding it is killed
    CompletedWantsRawFactory(user=auth_client.user)

    first = start("first")
    job_id = ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="respond-async"), 202)["job_id"]
    assert service.first_call.wait(45), first.log.read_text(errors="replace")[-3000:]
    assert AIJob.objects.get(pk=job_id).status == "running"
    first.kill()  # SIGKILL while the AI call is in flight: no ack, no cleanup, nothing

    service.delay = 0.5  # the provider answers the next call
    start("second")
    job = wait_for(
        lambda: AIJob.objects.filter(pk=job_id, status__in=["succeeded", "failed"]).first(), 50, "the job to finish"
    )

    assert (job.status, job.error_code) == ("succeeded", ""), job.error_details
    assert job.attempt == 2  # taken over by the redelivered message
    assert job.finished_at < job.deadline_at
    assert service.count(CHAT) == 2  # the lost call and the one that answered
    assert WantsAnalysis.objects.filter(user=auth_client.user).count() == 1
    assert QuotaCharge.objects.filter(user=auth_client.user).count() == 1
    assert text_used(auth_client.user) == 1
    assert ok(auth_client.get(f"/api/v1/jobs/{job_id}"))["result"] == ok(auth_client.get("/api/v1/wants/analysis"))
