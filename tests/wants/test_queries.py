"""Query counts of the hot wants endpoints stay fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import CompletedWantsRawFactory, ReadyWantsRawFactory
from .helpers import ok

pytestmark = pytest.mark.django_db

# Authentication is one query (the session joined with its user); the rest is the endpoint's.


def test_progress_is_one_query_after_auth(auth_client, django_assert_max_num_queries):
    ReadyWantsRawFactory(user=auth_client.user)
    ok(auth_client.get("/api/v1/wants/progress"))  # warm up
    with django_assert_max_num_queries(2):  # auth + one SELECT with the lengths computed in SQL
        ok(auth_client.get("/api/v1/wants/progress"))


def test_history_query_count_does_not_grow_with_rows(auth_client, django_assert_max_num_queries):
    CompletedWantsRawFactory.create_batch(2, user=auth_client.user)
    with CaptureQueriesContext(connection) as few:
        assert len(ok(auth_client.get("/api/v1/wants/history?page_size=100"))["items"]) == 2
    CompletedWantsRawFactory.create_batch(28, user=auth_client.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ok(auth_client.get("/api/v1/wants/history?page_size=100"))["items"]) == 30
    with django_assert_max_num_queries(3):  # auth + COUNT + one page
        ok(auth_client.get("/api/v1/wants/history?page_size=20"))


def test_stream_append_query_count(auth_client, django_assert_max_num_queries):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "first"}, format="json"))
    # auth + draft id + SAVEPOINT + SELECT ... FOR UPDATE + UPDATE + RELEASE
    with django_assert_max_num_queries(6):
        ok(auth_client.post("/api/v1/wants/stream/append", {"text": "second"}, format="json"))


@pytest.fixture
def lots_of_history(auth_client):
    """Many completed records and analyses of the caller (and of someone else): no endpoint
    below may read more rows or run more queries because of them."""
    from .factories import WantsAnalysisFactory

    for raw in CompletedWantsRawFactory.create_batch(15, user=auth_client.user):
        WantsAnalysisFactory.create_batch(2, raw=raw)
    WantsAnalysisFactory.create_batch(5)


# (method, path, body, max queries incl. the one of authentication)
DRAFT_ENDPOINTS = [
    ("get", "/api/v1/wants/raw", None, 2),
    ("post", "/api/v1/wants/raw", None, 2),
    ("post", "/api/v1/wants/stream/start", None, 6),
    ("post", "/api/v1/wants/stream/finish", None, 6),
    ("put", "/api/v1/wants/future-me", {"text": "I am 40"}, 6),
    ("post", "/api/v1/wants/future-me/append", {"text": "and happy"}, 6),
    ("post", "/api/v1/wants/future-me/finish", None, 6),
    ("put", "/api/v1/wants/reverse", {"raw_envy": "a", "raw_regrets": "b", "raw_what_to_do_5y": "c"}, 6),
    ("get", "/api/v1/wants/progress", None, 2),
    ("get", "/api/v1/wants/analysis", None, 2),
    ("get", "/api/v1/wants/history", None, 3),
]


@pytest.mark.parametrize(("method", "path", "body", "limit"), DRAFT_ENDPOINTS)
def test_endpoint_query_count_is_fixed_with_many_rows(
    auth_client, lots_of_history, django_assert_max_num_queries, method, path, body, limit
):
    ReadyWantsRawFactory(user=auth_client.user)
    with django_assert_max_num_queries(limit):
        ok(getattr(auth_client, method)(path, body, format="json"))


def test_raw_by_id_and_draft_creation_query_counts(auth_client, lots_of_history, django_assert_max_num_queries):
    raw = CompletedWantsRawFactory(user=auth_client.user)
    with django_assert_max_num_queries(2):
        ok(auth_client.get(f"/api/v1/wants/raw/{raw.id}"))
    with django_assert_max_num_queries(5):  # auth, draft lookup, SAVEPOINT, INSERT, RELEASE
        ok(auth_client.post("/api/v1/wants/raw"))


def test_complete_query_count(auth_client, lots_of_history, django_assert_max_num_queries):
    ReadyWantsRawFactory(user=auth_client.user)
    with django_assert_max_num_queries(20):  # lock + update + the XP ledger; no per-row work
        ok(auth_client.post("/api/v1/wants/complete"))


def test_analyze_query_count(auth_client, lots_of_history, django_assert_max_num_queries):
    # quota, record, job row with its reserved unit (the usage row locked, created the first
    # time; jobs in flight counted), (eager) task: claim, context, the active areas (once, then
    # cached), lock, insert + charge, result row; answer
    with django_assert_max_num_queries(39):
        ok(auth_client.post("/api/v1/wants/analyze"))
    with django_assert_max_num_queries(33):
        ok(auth_client.post("/api/v1/wants/analyze"))


def test_cached_progress_follows_every_write_at_once(auth_client, django_assert_num_queries):
    before = ok(auth_client.get("/api/v1/wants/progress"))
    assert before["raw_id"] is None
    with django_assert_num_queries(0):  # the session check and the progress both cached
        ok(auth_client.get("/api/v1/wants/progress"))
    ok(auth_client.post("/api/v1/wants/stream/start", {}, format="json"))
    started = ok(auth_client.get("/api/v1/wants/progress"))
    assert started["raw_id"] is not None and started["stream"]["started"] is True
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "I want a garden."}, format="json"))
    assert ok(auth_client.get("/api/v1/wants/progress"))["stream"]["chars"] == len("I want a garden.")
