"""The production server (gunicorn.conf.py: gevent processes) against slow clients (issue 22
finding 1, SECURITY.md item 46): half-sent bodies and a slowloris of 1,000 trickling
connections hold no scarce resource, and /health and /me answer as usual meanwhile; stalled
headers and bodies are cut by their timeouts. Real gunicorn, raw sockets, loopback only."""

import contextlib
import json
import multiprocessing
import os
import resource
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason="needs gunicorn in the environment"),
    pytest.mark.django_db(transaction=True),  # the server reads the rows a test commits
]

SLOWLORIS = 1000
READ_TIMEOUT = 1  # WEB_READ_TIMEOUT_SECONDS of the server under test


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} file descriptors (hard limit {hard})")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def database_url(tmp_path) -> str:
    """PostgreSQL: the test database (rows committed by a transactional test), else a
    throwaway SQLite file (enough for /health)."""
    if not POSTGRES:
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    from django.db import connection

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{connection.settings_dict['NAME']}"


@pytest.fixture
def server(tmp_path):
    """gunicorn -c gunicorn.conf.py mechta.wsgi:application, production settings, 2 processes."""
    raise_fd_limit(SLOWLORIS * 2 + 512)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mechta.settings.base",
        "DATABASE_URL": database_url(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WEB_READ_TIMEOUT_SECONDS": str(READ_TIMEOUT),
        "LOG_LEVEL": "WARNING",
    }
    for name in ("WEB_WORKER_CLASS", "WEB_CONNECTIONS", "CELERY_BROKER_URL", "DB_POOL_MAX_SIZE"):
        env.pop(name, None)
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "mechta.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while get(port, "/health")[0] == 0:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not come up"
            time.sleep(0.2)
        yield port, env
    finally:
        process.terminate()
        process.wait(20)


def get(port: int, path: str, headers: dict | None = None, timeout: float = 5) -> tuple[int, float]:
    """(status, seconds) of one request on a new connection; status 0 when it did not answer."""
    head = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{head}\r\n".encode())
            data = b""
            while b"\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return 0, time.monotonic() - started
                data += chunk
    except OSError:
        return 0, time.monotonic() - started
    return int(data.split()[1]), time.monotonic() - started


def access_token(env: dict) -> str:
    """A signed-in user, created through the server's own settings (its JWT key)."""
    script = (
        "from apps.accounts.models import User\n"
        "from apps.accounts.services import session_create\n"
        "user = User.objects.create(email='slow-client@example.com', is_email_verified=True)\n"
        "print(session_create(user=user, user_agent='test')[1]['access_token'])\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1]


def readers(port: int, token: str | None) -> list[tuple[str, dict]]:
    paths = [("/health", {})]
    if token:
        paths.append(("/api/v1/me", {"Authorization": f"Bearer {token}"}))
    return paths


def assert_answer_as_usual(port: int, token: str | None, usual: dict, rounds: int = 5) -> None:
    for _ in range(rounds):
        for path, headers in readers(port, token):
            status, seconds = get(port, path, headers)
            assert status == usual[path], (path, status)
            assert seconds < 2, (path, seconds)


def half_sent(port: int, head: str) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(head.encode())
    return conn


def ended_by_the_server(conn: socket.socket, within: float) -> bytes:
    """What the server sent before closing (b"" when it only closed); fails if it kept the
    connection open longer than `within` seconds."""
    conn.settimeout(within)
    data = b""
    try:
        while chunk := conn.recv(4096):
            data += chunk
    except TimeoutError:
        pytest.fail(f"the server kept a stalled connection open for {within} s")
    except ConnectionResetError:
        pass
    return data


def test_half_sent_bodies_hold_nothing_and_time_out(server):
    """The probe of issue 22 (4 bodies that never arrive froze the server), 40 of them, half
    on an authenticated endpoint: /health (which needs a pooled database connection) and /me
    answer as usual meanwhile, and each stalled body ends as 400 after the read timeout."""
    port, env = server
    token = access_token(env) if POSTGRES else None
    usual = {path: get(port, path, headers)[0] for path, headers in readers(port, token)}
    assert usual["/health"] in (200, 503)
    stalled = []
    for i in range(40):
        if token and i % 2:
            head = (f"PUT /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        else:
            head = ("POST /api/v1/auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: 100000\r\n\r\n{")
        stalled.append(half_sent(port, head))
    try:
        assert_answer_as_usual(port, token, usual, rounds=3)
        for conn in stalled:
            answer = ended_by_the_server(conn, within=READ_TIMEOUT + 9)
            assert answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer[:200]
    finally:
        for conn in stalled:
            conn.close()


def test_a_slowloris_of_1000_connections_leaves_the_server_answering(server):
    """1,000 connections trickle their headers a line at a time: /health and /me answer as
    usual, and the server closes each once its headers took longer than `keepalive` (5 s)."""
    port, env = server
    token = access_token(env) if POSTGRES else None
    usual = {path: get(port, path, headers)[0] for path, headers in readers(port, token)}
    trickling = [half_sent(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") for _ in range(SLOWLORIS)]
    opened = time.monotonic()
    try:
        for _ in range(3):  # about 3 s of trickling, the readers in between
            for conn in trickling:
                with contextlib.suppress(OSError):  # already closed by the server
                    conn.sendall(b"X-Trickle: 1\r\n")
            assert_answer_as_usual(port, token, usual, rounds=1)
            time.sleep(0.5)  # the trickle's pace (the behaviour under test), not a wait
        assert time.monotonic() - opened < 5, "the trickling took too long to prove anything"
        # The header deadline: every connection is closed within a few seconds of it.
        for conn in trickling:
            assert ended_by_the_server(conn, within=max(1.0, opened + 15 - time.monotonic())) == b""
    finally:
        for conn in trickling:
            conn.close()
    assert_answer_as_usual(port, token, usual, rounds=1)


def test_every_process_froze_the_loaded_application(tmp_path):
    """gc.freeze() after the application loads (gunicorn.conf.py's post_worker_init): full
    collections over its ~130,000 objects stalled every request of the process."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
    env.pop("WEB_WORKER_CLASS", None)
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "tests.core.pid_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline, frozen = time.monotonic() + 30, {}
        while len(frozen) < 2:  # until both processes answered
            assert time.monotonic() < deadline, f"both processes did not answer: {frozen}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                    conn.sendall(b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    data = b""
                    while chunk := conn.recv(4096):
                        data += chunk
                pid, count = data.partition(b"\r\n\r\n")[2].decode().split()
                frozen[int(pid)] = int(count)
            except (OSError, ValueError):
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(20)
    assert min(frozen.values()) > 10_000, json.dumps(frozen)


# --- The database connections of the defaults (issue 20) ------------------------------------


def gunicorn_config(monkeypatch, cores: int, **env) -> tuple[int, int]:
    """(processes, DB_POOL_MAX_SIZE) as gunicorn.conf.py sets them on a host with `cores` cores
    and only `env` in the environment (restored afterwards)."""
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: cores)
    with mock.patch.dict(os.environ, env, clear=True):
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        return config["workers"], int(os.environ["DB_POOL_MAX_SIZE"])


@pytest.mark.parametrize("cores", [1, 2, 8, 24, 64, 256])
def test_the_defaults_hold_at_most_the_database_connection_budget(monkeypatch, cores):
    """One process per core, each an equal share of WEB_DB_CONNECTIONS (200): its pool (at most
    12) and its cache-epoch connection. With 12 per process a 24-core host held 288, past
    docker-compose's max_connections=250."""
    workers, pool = gunicorn_config(monkeypatch, cores)
    assert workers == min(cores, 100)
    assert 1 <= pool <= 12
    assert workers * (pool + 1) <= 200
    workers, pool = gunicorn_config(monkeypatch, cores, WEB_DB_CONNECTIONS="60")  # a smaller budget
    assert workers == min(cores, 30) and pool >= 1 and workers * (pool + 1) <= 60


def test_explicit_sizes_past_the_budget_refuse_to_start():
    env = {**os.environ, "WEB_CONCURRENCY": "24", "DB_POOL_MAX_SIZE": "12", "WEB_DB_CONNECTIONS": "200"}
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--check-config", "tests.core.pid_app:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "exceed WEB_DB_CONNECTIONS=200" in result.stdout + result.stderr
