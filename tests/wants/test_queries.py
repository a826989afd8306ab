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
