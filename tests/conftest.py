import os
import socket
import threading

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.accounts.services import session_create
from apps.core import ratelimit
from tests.accounts.factories import UserFactory

PASSWORD = "Dream-Big-2030"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    ratelimit._cache_blind_until = 0.0  # a test with a dead cache must not blind the next one
    yield
    cache.clear()
    ratelimit._cache_blind_until = 0.0


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


def client_for(user) -> APIClient:
    """An APIClient signed in as `user` through a real session and access token."""
    _, pair = session_create(user=user, user_agent="pytest")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access_token']}")
    client.tokens = pair
    client.user = user
    return client


@pytest.fixture
def auth_client(user):
    return client_for(user)


@pytest.fixture
def other_client(db):
    return client_for(UserFactory())


@pytest.fixture
def admin_client_api(db):
    return client_for(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def hanging_address():
    """A TCP address that accepts connections and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    connections = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                connections.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()
    stop.set()
    thread.join(1)
    for conn in connections:
        conn.close()
    server.close()


def postgres_only():
    return pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (DATABASE_URL)"
    )


@pytest.fixture
def celery_worker_app(settings):
    """The project's Celery app talking to the real worker that .ci/run starts (skipped when
    none runs). Use with `@pytest.mark.django_db(transaction=True)`: the worker reads the
    committed rows of the test database."""
    if not os.environ.get("CELERY_WORKER_RUNNING"):
        pytest.skip("needs the Celery worker started by .ci/run (CELERY_WORKER_RUNNING=1)")
    from mechta.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = True


def worker_registered_tasks(app) -> set[str]:
    """The task names the running worker registered. With CELERY_WORKER_NAME (set by .ci/run)
    the broadcast returns on that worker's reply instead of waiting out its timeout."""
    name = os.environ.get("CELERY_WORKER_NAME")
    inspect = app.control.inspect(timeout=5, destination=[name], limit=1) if name else app.control.inspect(timeout=5)
    replies = inspect.registered() or {}
    return {task for names in replies.values() for task in names}


@pytest.fixture(scope="session", autouse=True)
def _epoch_connection_closed(django_db_setup, django_db_blocker):
    """The cache epoch's own connection (apps/core/cacheepoch.py) closes before the test
    database is dropped (this fixture is torn down first: it depends on django_db_setup)."""
    yield
    from apps.core.cacheepoch import own_connection_close

    own_connection_close()


# --- No AI call inside any request (issue 18): every test's requests run under tests/ai_guard.py.


@pytest.fixture(scope="session", autouse=True)
def _ai_guard_installed():
    from tests import ai_guard

    undo = ai_guard.install()
    yield
    undo()


@pytest.fixture(autouse=True)
def no_ai_call_inside_a_request(_ai_guard_installed):
    """Fails the test when a request of it called the AI outside a Celery task."""
    from tests import ai_guard

    ai_guard.reset()
    yield ai_guard
    found = list(ai_guard.violations)
    ai_guard.reset()
    if found:
        pytest.fail(f"AI called inside a request (not in a Celery task): {found}")
