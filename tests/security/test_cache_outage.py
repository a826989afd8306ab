"""SECURITY 52 (issue 22, finding 6): Redis unreachable for a moment, then back. A revocation
or a profile change made meanwhile succeeds in the database, and afterwards every node serves
it: no cache entry written before it revives (apps/core/cacheepoch.py).

Two real server processes (runserver) share the test database and reach Redis through a TCP
proxy this test controls; cutting the proxy cuts both nodes' Redis, the real Redis runs on."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) shared by two server processes",
    ),
    pytest.mark.django_db(transaction=True),
]


class RedisProxy:
    """A TCP proxy in front of the real Redis. `cut()` closes every connection and refuses new
    ones (accepted and closed at once) until `restore()`."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.is_cut = False
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                if self.is_cut:
                    client.close()
                    continue
                try:
                    upstream = socket.create_connection(self.upstream, timeout=2)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                self.open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with self.lock:
            self.is_cut = True
            for sock in self.open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def restore(self):
        with self.lock:
            self.is_cut = False

    def stop(self):
        self.stopped = True
        self.cut()
        self.server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def proxy():
    url = httpx.URL(os.environ["REDIS_URL"])
    proxy = RedisProxy((url.host, url.port or 6379))
    yield proxy
    proxy.stop()


@pytest.fixture
def nodes(proxy):
    """Two server processes: the same database, Redis through the proxy, one key prefix."""
    redis_db = httpx.URL(os.environ["REDIS_URL"]).path.strip("/") or "0"
    prefix = f"{os.environ.get('CACHE_KEY_PREFIX', 'mechta')}-nodes-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mechta.settings.test",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{redis_db}",
        "CACHE_KEY_PREFIX": prefix,
        "CACHE_EPOCH_SECONDS": "0.5",
        "AUTH_CACHE_SECONDS": "60",
    }
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}/api/v1")
    deadline = time.monotonic() + 60
    for url in urls:
        while True:
            try:
                httpx.get(f"{url}/areas/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "a server did not come up"
                time.sleep(0.1)
    clients = [httpx.Client(base_url=url, timeout=10) for url in urls]
    yield clients, prefix
    for client in clients:
        client.close()
    for process in processes:
        process.terminate()
        process.wait(10)


def me(client, token):
    return client.get("/me", headers={"Authorization": f"Bearer {token}"})


def signin(client, email) -> dict:
    response = client.post("/auth/signin", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["result"]["tokens"]


def epoch_of_cached_me(prefix, user_id) -> set[str]:
    """The epochs under which Redis holds the user's /me document (read from Redis itself)."""
    import redis

    keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys(f"{prefix}:*:me:answer:{user_id}")
    return {key.decode().split(":")[-4] for key in keys}


def test_changes_made_while_redis_is_unreachable_are_what_every_node_serves_afterwards(proxy, nodes):
    (a, b), prefix = nodes
    user = UserFactory(first_name="Old")
    first = signin(a, user.email)["access_token"]
    second = signin(b, user.email)["access_token"]
    sessions = b.get("/auth/sessions", headers={"Authorization": f"Bearer {second}"}).json()["result"]["sessions"]
    second_id = next(session["id"] for session in sessions if session["is_current"])
    for node in (a, b):  # both nodes cache the session checks and /me
        for token in (first, second, first, second):
            response = me(node, token)
            assert response.status_code == 200 and response.json()["result"]["user"]["first_name"] == "Old"
    epochs_before = epoch_of_cached_me(prefix, user.pk)
    assert epochs_before

    proxy.cut()
    headers = {"Authorization": f"Bearer {first}"}
    assert a.put("/me", json={"first_name": "New"}, headers=headers).status_code == 200
    assert a.delete(f"/auth/sessions/{second_id}", headers=headers).status_code == 200
    proxy.restore()

    for node in (a, b, b, a):
        assert me(node, second).status_code == 401  # the revoked session stays revoked
        response = me(node, first)
        assert response.status_code == 200
        assert response.json()["result"]["user"]["first_name"] == "New"
    epochs_after = epoch_of_cached_me(prefix, user.pk)
    assert epochs_after - epochs_before  # Redis answers again: /me was cached anew, in a new epoch

    proxy.cut()
    assert a.post("/auth/logout-all", headers=headers).status_code == 200
    proxy.restore()

    for node in (b, a, b, a):
        assert me(node, first).status_code == 401
    third = signin(b, user.email)["access_token"]
    for node in (a, b):
        assert me(node, third).json()["result"]["user"]["first_name"] == "New"

