"""Concurrency on PostgreSQL: one draft per user, no lost appends."""


import pytest

from apps.wants.models import WantsRaw
from tests.conftest import client_for, postgres_only
from tests.helpers import run_parallel

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]




def test_parallel_draft_creation_gives_exactly_one_draft(user):
    clients = [client_for(user) for _ in range(10)]
    responses = run_parallel(10, lambda i: clients[i].post("/api/v1/wants/raw"))
    assert [r.status_code for r in responses] == [200] * 10
    ids = {r.json()["result"]["id"] for r in responses}
    assert len(ids) == 1
    assert WantsRaw.objects.filter(user=user, status="draft").count() == 1
    assert WantsRaw.objects.filter(user=user).count() == 1


def test_parallel_stream_start_without_a_draft_gives_one_draft(user):
    clients = [client_for(user) for _ in range(10)]
    responses = run_parallel(10, lambda i: clients[i].post("/api/v1/wants/stream/start"))
    assert [r.status_code for r in responses] == [200] * 10
    assert len({r.json()["result"]["raw_id"] for r in responses}) == 1
    assert len({r.json()["result"]["stream_started_at"] for r in responses}) == 1
    assert WantsRaw.objects.filter(user=user).count() == 1


def test_parallel_appends_lose_no_line(user):
    clients = [client_for(user) for _ in range(20)]
    responses = run_parallel(
        20, lambda i: clients[i].post("/api/v1/wants/stream/append", {"text": f"line {i:02d}"}, format="json")
    )
    assert [r.status_code for r in responses] == [200] * 20
    raw = WantsRaw.objects.get(user=user)
    lines = raw.raw_wants_stream.split("\n")
    assert sorted(lines) == [f"line {i:02d}" for i in range(20)]


def test_parallel_future_me_appends_lose_no_chunk(user):
    clients = [client_for(user) for _ in range(20)]
    run_parallel(20, lambda i: clients[i].post("/api/v1/wants/future-me/append", {"text": f"chunk {i:02d}"}, format="json"))
    chunks = WantsRaw.objects.get(user=user).raw_future_me.split("\n")
    assert sorted(chunks) == [f"chunk {i:02d}" for i in range(20)]


def test_parallel_completes_complete_once_and_pay_once(user):
    from apps.gamification.models import XPEvent

    from .factories import ReadyWantsRawFactory

    ReadyWantsRawFactory(user=user)
    clients = [client_for(user) for _ in range(8)]
    responses = run_parallel(8, lambda i: clients[i].post("/api/v1/wants/complete"))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1
    assert all(r.json()["error"]["code"] in ("WANTS_RAW_IMMUTABLE", "WANTS_DRAFT_NOT_FOUND") for r in responses if r.status_code != 200)
    assert XPEvent.objects.filter(user=user, reason="wants_completed").count() == 1


def test_fifty_parallel_analyses_with_five_units_left_succeed_exactly_five_times(user, settings):
    """SECURITY 21: the quota is checked before the work and charged atomically with the
    saved analysis, so 50 concurrent calls with 5 units left give exactly 5 analyses."""
    from apps.limits.models import QuotaCharge
    from apps.limits.services import quota_usage
    from apps.wants.models import WantsAnalysis

    from .factories import CompletedWantsRawFactory

    settings.AI_MAX_WAITS_PER_PROCESS = 64  # all 50 may wait at once: this test is about the quota
    settings.AI_RATE_LIMIT_PER_MINUTE = 0  # ... not about the per-user rate limit
    CompletedWantsRawFactory(user=user)
    assert quota_usage(user=user)["text"] == {"used": 0, "limit": 5}
    clients = [client_for(user) for _ in range(50)]
    responses = run_parallel(50, lambda i: clients[i].post("/api/v1/wants/analyze"))

    codes = [r.status_code for r in responses]
    assert codes.count(200) == 5, codes
    assert codes.count(403) == 45, codes
    for response in responses:
        if response.status_code == 403:
            error = response.json()["error"]
            assert error["code"] == "QUOTA_EXCEEDED"
            assert error["details"]["resource"] == "text"
            assert error["details"]["limit"] == 5
    assert WantsAnalysis.objects.filter(user=user).count() == 5
    assert QuotaCharge.objects.filter(user=user, resource="text").count() == 5
    assert quota_usage(user=user)["text"] == {"used": 5, "limit": 5}
    saved = {str(pk) for pk in WantsAnalysis.objects.filter(user=user).values_list("id", flat=True)}
    assert {r.json()["result"]["id"] for r in responses if r.status_code == 200} == saved
