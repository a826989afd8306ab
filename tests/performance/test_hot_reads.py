"""Issue 12: an authenticated hot read costs at most 2 database queries once its session
check is cached, none per row (every list seeded with 25 rows), and a cached read (/me,
/areas, profile, leaderboard, wants progress, rituals today) one cache round trip in all.
Goals and steps have no answer cache: their whole lists are one query each. Issue 19: the
lists as a client calls them (filters, `page`/`page_size` spelled out) too, and with the
answer caches off (tests/performance/test_list_reads.py: one query each).
Query counts, never timings (timings: `make bench`)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.gamification.models import XPTotal
from apps.life_wheel.models import LifeWheel
from apps.rituals.models import JournalEntry
from apps.wants.models import WantsRaw
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.goals.factories import GoalFactory
from tests.steps.factories import StepFactory
from tests.wants.factories import CompletedWantsRawFactory

pytestmark = pytest.mark.django_db

HOT_READS = [
    "/api/v1/me",
    "/api/v1/areas",
    "/api/v1/life_wheel",
    "/api/v1/wants/progress",
    "/api/v1/gamification/profile",
    "/api/v1/gamification/leaderboard",
    "/api/v1/esoterics/today",
    "/api/v1/goals",
    "/api/v1/steps",
    "/api/v1/rituals/today",
    # issue 19: every other list, with filters and explicit paging
    "/api/v1/life_wheel?page=1&page_size=20",
    "/api/v1/life_wheel?page=1&page_size=10",
    "/api/v1/wants/history?page=1&page_size=20",
    "/api/v1/rituals/entries?from=2020-01-01&to=2050-01-01&page=1&page_size=20",
    "/api/v1/gamification/leaderboard?limit=20",
    "/api/v1/gamification/achievements",
    "/api/v1/auth/sessions",
]


def seed(user, rows: int) -> None:
    """`rows` rows in every list the hot reads show, and `rows` other users on the leaderboard."""
    LifeWheel.objects.bulk_create(LifeWheel(user=user, scores={"health": i % 11}, note=str(i)) for i in range(rows))
    today = timezone.localdate()
    JournalEntry.objects.bulk_create(
        JournalEntry(user=user, type="morning", entry_date=today - dt.timedelta(days=i)) for i in range(rows)
    )
    XPTotal.objects.create(user=user, xp=10 * rows, last_event_at=timezone.now())
    for i in range(rows):
        XPTotal.objects.create(user=UserFactory(), xp=7 * (i + 1))
    WantsRaw.objects.create(user=user, raw_wants_stream="I want. " * rows, stream_started_at=timezone.now())
    for _ in range(rows):
        CompletedWantsRawFactory(user=user)
    for i in range(rows):
        done = {"status": "done", "completed_at": timezone.now()} if i % 2 else {}
        StepFactory(goal=GoalFactory(user=user), **done)


def queries_of(client, path: str) -> list[str]:
    client.get(path)  # fills the session check and the read's own caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in captured]


def signed_in_with(rows: int):
    user = UserFactory(date_of_birth=dt.date(1990, 5, 17))
    seed(user, rows)
    client = client_for(user)
    return client


@pytest.mark.parametrize("path", HOT_READS)
def test_hot_read_is_at_most_two_queries_and_none_per_row(path):
    one, many = queries_of(signed_in_with(1), path), queries_of(signed_in_with(25), path)
    assert len(many) <= 2, many
    assert len(many) == len(one), (one, many)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me",
        "/api/v1/areas",
        "/api/v1/gamification/profile",
        "/api/v1/gamification/leaderboard",
        "/api/v1/wants/progress",
        "/api/v1/rituals/today",
    ],
)
def test_cached_read_is_one_cache_round_trip(path, monkeypatch):
    client = signed_in_with(1)
    client.get(path)
    calls, depth = [], [0]

    def counted(name, original):
        def call(*args, **kwargs):  # the local-memory get_many calls get per key: count the outer one
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    assert (calls, len(captured)) == (["get_many"], 0)
