"""An answered request leaves nothing for Python's cycle collector (apps/core/middleware.py,
ReleaseViewMiddleware): its objects are freed as soon as it is answered. Under load, what a
request left in cycles piled up until a full collection stalled its whole process for 20-30 ms
(bench/PROFILE.md). Checked: reads, their errors, and a refused write (the input serializer is
unbound, apps/core/validation.py). A write that saves still leaves ~170 objects (the ORM's), for
the collector to find. Requests go through the servers' WSGI application (tests/core/conftest.py)."""

import gc

import pytest

from tests.conftest import client_for
from tests.wants.factories import CompletedWantsRawFactory

REQUESTS = [
    # (method, path, query, body, expected status)
    ("GET", "/api/v1/me", "", None, 200),
    ("GET", "/api/v1/wants/history", "page=1&page_size=20", None, 200),
    ("GET", "/api/v1/goals", "status=planned", None, 200),
    ("GET", "/api/v1/goals", "status=nope", None, 422),
    ("GET", "/api/v1/wants/raw/00000000-0000-4000-8000-000000000000", "", None, 404),
    ("GET", "/api/v1/no-such-thing", "", None, 404),
    ("POST", "/api/v1/life_wheel", "", {"scores": "high"}, 422),
]


@pytest.fixture
def token(user):
    CompletedWantsRawFactory(user=user)
    return client_for(user).tokens["access_token"]


@pytest.mark.parametrize(("method", "path", "query", "body", "status"), REQUESTS)
def test_an_answered_request_leaves_no_cycles(wsgi_request, token, method, path, query, body, status):
    for _ in range(2):  # warm: first uses fill lazy caches (translations, the route memo)
        assert wsgi_request(path, token, method=method, query=query, body=body)[0] == status
    gc.collect()
    gc.disable()
    try:
        answered, _ = wsgi_request(path, token, method=method, query=query, body=body)
        left = gc.collect()
    finally:
        gc.enable()
    assert answered == status
    assert left == 0


def test_without_the_release_a_request_leaves_cycles(wsgi_request, token, settings):
    """The check above can fail: with the middleware out, the same read leaves its objects."""
    from mechta.wsgi import application

    every = settings.MIDDLEWARE
    settings.MIDDLEWARE = [m for m in every if not m.endswith("ReleaseViewMiddleware")]
    application.load_middleware()
    try:
        for _ in range(2):
            wsgi_request("/api/v1/me", token)
        gc.collect()
        gc.disable()
        try:
            assert wsgi_request("/api/v1/me", token)[0] == 200
            assert gc.collect() > 0
        finally:
            gc.enable()
    finally:
        settings.MIDDLEWARE = every
        application.load_middleware()
