"""A PostgreSQL restart is invisible (issue 18 item 4, SECURITY.md 51, PostgreSQL part): real
gunicorn with gunicorn.conf.py (DEBUG=false, two processes) and a real Celery worker on the test
database; every connection the app holds is terminated with pg_terminate_backend, and the next
requests on every process answer 200 — never 500 — and the next task succeeds. Both database
setups are covered: the psycopg pool (DB_POOL_MAX_SIZE > 0, what gunicorn.conf.py and `make
worker` use) and persistent connections (DB_POOL_MAX_SIZE=0)."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import kombu
import pytest
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.conftest import client_for, postgres_only

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
CELERY = Path(sys.executable).parent / "celery"

pytestmark = [
    postgres_only(),
    pytest.mark.skipif(not GUNICORN.exists(), reason="needs gunicorn in the environment"),
    pytest.mark.django_db(transaction=True),  # the server reads the committed rows of the test database
]

SECRETS = {
    "SECRET_KEY": "db-restart-test-secret-key-0123456789abcdefghijklmnop",
    "JWT_SECRET_KEY": "db-restart-test-jwt-secret-0123456789abcdefghijklmnop",
}
APP_NAME = "mechta-db-restart-test"
# `pid status path` per request, so the test sees which process answered what.
ACCESS_FORMAT = "%(p)s %(s)s %(U)s"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def app_env(**extra) -> dict:
    """The production settings against the test database, no Redis: every authenticated
    request then checks its session with a query (AUTH_CACHE_SECONDS is 0 without Redis)."""
    drop = ("REDIS_URL", "AI_PROXY_URL", "DJANGO_SETTINGS_MODULE", "WEB_WORKER_CLASS", "CONN_HEALTH_CHECKS",
            "DB_POOL_MAX_SIZE", "CONN_MAX_AGE")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    # libpq names every connection of the server and the worker so: the test ends theirs only,
    # never the test runner's own (a live server of another test, pytest's connections).
    env.update(SECRETS, PGAPPNAME=APP_NAME, DEBUG="false", SECURE_SSL_REDIRECT="false", DATABASE_URL=database_url(),
               DJANGO_SETTINGS_MODULE="mechta.settings.base", **extra)
    return env


def terminate_app_connections() -> int:
    """What a PostgreSQL restart does to the app: every backend of the app under test ends.
    Returns how many were terminated, once they are gone (a pool may already be reconnecting)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            [APP_NAME],
        )
        killed = [pid for pid, ok in cursor.fetchall() if ok]
        deadline = time.monotonic() + 10
        while True:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [killed])
            if cursor.fetchone()[0] == 0:
                return len(killed)
            assert time.monotonic() < deadline, "terminated backends did not go away"
            time.sleep(0.05)


def other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [APP_NAME],
        )
        return cursor.fetchone()[0]


class Server:
    def __init__(self, url: str, log: Path):
        self.url = url
        self.log = log

    def lines(self) -> list[tuple[int, int, str]]:
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            match = re.fullmatch(r"<(\d+)> (\d{3}) (\S+)", line.strip())
            if match:
                found.append((int(match[1]), int(match[2]), match[3]))
        return found


@pytest.fixture(params=["pool", "persistent"])
def server(request, tmp_path):
    pool_size = "4" if request.param == "pool" else "0"
    with live_server(tmp_path, WEB_THREADS="8", DB_POOL_MAX_SIZE=pool_size) as running:
        yield running


@contextlib.contextmanager
def live_server(tmp_path, **extra):
    """gunicorn with gunicorn.conf.py, two processes, on the test database (app_env + `extra`),
    answering; stopped on exit."""
    port = free_port()
    log = tmp_path / "access.log"
    env = app_env(HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="2", **extra)
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--access-logformat", ACCESS_FORMAT,
             "--error-logfile", str(tmp_path / "error.log"), "mechta.wsgi:application"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/api/v1/unknown", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and process.poll() is None, (tmp_path / "error.log").read_text()
                time.sleep(0.1)
        yield Server(url, log)
    finally:
        process.terminate()
        process.wait(15)


def requests_on_fresh_connections(server: Server, token: str, *, connections: int = 16, each: int = 3) -> list[int]:
    """`connections` keep-alive connections opened together (spread over the processes), each
    sending `each` authenticated requests that query the database: the statuses."""
    statuses, lock = [], threading.Lock()
    barrier = threading.Barrier(connections)

    def run():
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=20) as client:
            barrier.wait(timeout=20)
            for _ in range(each):
                status = client.get("/api/v1/me").status_code
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def until_both_processes_answer(server: Server, token: str, *, seen: int, rounds: int = 10) -> list[int]:
    """Bursts of fresh connections until both processes have answered since log line `seen`:
    which process accepts a burst is the kernel's and the event loop's choice (a gevent process
    may take all 16 at once), so one burst proves nothing about the other. Every status of
    every burst is returned."""
    statuses = []
    for _ in range(rounds):
        statuses += requests_on_fresh_connections(server, token)
        deadline = time.monotonic() + 5
        while len(server.lines()) < seen + len(statuses):  # the access log is written after the response
            assert time.monotonic() < deadline, "the access log misses answered requests"
            time.sleep(0.05)
        if len({pid for pid, _, _ in server.lines()[seen:]}) == 2:
            break
    return statuses


def server_token() -> str:
    """An access token of a new user's session, signed with the server's JWT secret."""
    import jwt
    from django.conf import settings

    raw = client_for(UserFactory()).tokens["access_token"]
    claims = jwt.decode(raw, options={"verify_signature": False})
    return jwt.encode(claims, SECRETS["JWT_SECRET_KEY"], algorithm=settings.JWT_ALGORITHM)


def test_no_request_answers_500_after_postgresql_drops_every_connection(server):
    token = server_token()
    probe = httpx.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=20)
    assert probe.status_code == 200, probe.text
    before = len(server.lines())
    warm = until_both_processes_answer(server, token, seen=before)
    assert Counter(warm) == {200: len(warm)}
    pids = {pid for pid, _, _ in server.lines()[before:]}
    assert len(pids) == 2, "both processes must hold connections before the drop"
    assert other_backends() >= 2

    assert terminate_app_connections() >= 2
    seen = len(server.lines())

    after = until_both_processes_answer(server, token, seen=seen)
    assert Counter(after) == {200: len(after)}, Counter(after)
    answered = server.lines()[seen:]
    assert {pid for pid, _, _ in answered} == pids  # every process answered after the drop...
    assert {status for _, status, _ in answered} == {200}  # ...and none with a 500


# --- the Celery worker ------------------------------------------------------------------------


@pytest.fixture
def worker(tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        pytest.skip("needs a broker (CELERY_BROKER_URL)")
    if not CELERY.exists():
        pytest.skip("needs celery in the environment")
    queue = f"db-restart-{os.getpid()}-{time.monotonic_ns()}"
    log = tmp_path / "worker.log"
    env = app_env(CELERY_BROKER_URL=broker, CELERY_QUEUE=queue, DB_POOL_MAX_SIZE="8")
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(CELERY), "-A", "mechta", "worker", "--loglevel=INFO", "--pool=threads", "--concurrency=4",
             f"--queues={queue}", f"--hostname=db-restart-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline and process.poll() is None, log.read_text(errors="replace")
            time.sleep(0.1)
        yield queue, log
    finally:
        process.kill()  # the test is over: Celery's own shutdown would take 5-10 s
        process.wait(5)
        with kombu.Connection(broker, connect_timeout=2) as conn:  # durable on RabbitMQ: one per run otherwise
            conn.default_channel.queue_delete(queue)


def wait_for_tip(user, timeout: float = 30) -> dict:
    from apps.accounts.models import User

    deadline = time.monotonic() + timeout
    while True:
        stored = User.objects.values_list("daily_tip_cache", flat=True).get(pk=user.pk)
        if stored.get("text"):
            return stored
        assert time.monotonic() < deadline, f"the task did not store the tip: {stored}"
        time.sleep(0.1)


def test_a_task_after_postgresql_drops_every_connection_succeeds(worker):
    from mechta.celery import app

    queue, log = worker
    first, second = (UserFactory(date_of_birth="1990-05-17", time_zone="UTC") for _ in range(2))
    app.send_task("esoterics.tips_prepare", args=[[str(first.pk)]], queue=queue)
    wait_for_tip(first)  # the worker now holds pooled connections
    assert other_backends() >= 1

    assert terminate_app_connections() >= 1

    app.send_task("esoterics.tips_prepare", args=[[str(second.pk)]], queue=queue)
    assert wait_for_tip(second)["date"]
    text = log.read_text(errors="replace")
    assert "OperationalError" not in text and "raised unexpected" not in text, text
