"""The production gunicorn config (gunicorn.conf.py, with mechta/gunicorn_worker.py) spreads
new keep-alive connections over its processes, never leaves a connection waiting on a
sibling that cannot take it, and freezes the loaded application out of the garbage
collector. Real gunicorn, real sockets."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="needs gunicorn in the environment")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2", "WEB_THREADS": "8"}
    env.pop("WEB_WORKER_CLASS", None)
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "tests.core.pid_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while len(workers_of(process.pid)) < 2 or both_serving(port) < 2:  # both processes up and serving
        assert time.monotonic() < deadline, "gunicorn did not come up"
        time.sleep(0.1)
    yield port, process
    process.terminate()
    process.wait(10)


def workers_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def both_serving(port: int) -> int:
    """How many processes answered 4 connections opened together (0 while nothing listens)."""
    conns = []
    try:
        conns = [socket.create_connection(("127.0.0.1", port), timeout=1) for _ in range(4)]
        return len({served_by(conn) for conn in conns})
    except OSError:
        return 0
    finally:
        for conn in conns:
            conn.close()


def served_by(conn: socket.socket) -> int:
    """Send one keep-alive request on `conn` and return the pid that answered it."""
    return int(ask(conn).split()[0])


def ask(conn: socket.socket) -> str:
    conn.sendall(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += conn.recv(4096)
    return body.decode()


def burst(port: int, size: int) -> Counter:
    """Open `size` keep-alive connections at once, send requests on each, close them all:
    how many each process served."""
    conns = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(size)]
    try:
        for _round in range(3):  # the same connection stays with its process
            per_pid = Counter(served_by(conn) for conn in conns)
    finally:
        for conn in conns:
            conn.close()
    return per_pid


def test_a_burst_of_keep_alive_connections_is_spread_over_the_processes(server):
    port, process = server
    for number, size in enumerate((16, 32, 16, 16)):
        time.sleep(0.3)  # the processes handle the closed connections of the last burst
        per_pid = burst(port, size)
        assert set(per_pid) == set(workers_of(process.pid)), (number, per_pid)
        assert min(per_pid.values()) >= size // 8, (number, per_pid)


def test_a_stopped_sibling_does_not_hold_up_new_connections(server):
    port, process = server
    stopped, running = workers_of(process.pid)
    os.kill(stopped, signal.SIGSTOP)
    try:
        conns = []
        for _ in range(6):  # the running process holds more and more: it still takes each one
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conns.append(conn)
            assert served_by(conn) == running
    finally:
        os.kill(stopped, signal.SIGCONT)
        for conn in conns:
            conn.close()


def test_every_process_froze_the_loaded_application(server):
    port, process = server
    conns = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
    try:
        frozen = {int(pid): int(count) for pid, count in (ask(conn).split() for conn in conns)}
    finally:
        for conn in conns:
            conn.close()
    assert set(frozen) == set(workers_of(process.pid))
    assert min(frozen.values()) > 10_000
