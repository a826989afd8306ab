"""Races on PostgreSQL: the database constraints decide, not Python checks."""

from datetime import date

import pytest

from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.rituals.models import JournalEntry, WeeklyReview
from tests.accounts.factories import UserFactory
from tests.conftest import client_for, postgres_only
from tests.helpers import run_parallel

from .helpers import MORNING, at

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]




@pytest.mark.parametrize("count", [2, 8])
def test_parallel_entry_posts_give_one_entry_and_409s(count):
    with at("Europe/Moscow", 2026, 12, 1, 8, 0):
        user = UserFactory(time_zone="Europe/Moscow")
        clients = [client_for(user) for _ in range(count)]
        responses = run_parallel(count, lambda i: clients[i].post("/api/v1/rituals/entry", MORNING, format="json"))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * (count - 1), codes
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"RITUALS_ALREADY_COMPLETED"}
    assert JournalEntry.objects.filter(user=user).count() == 1
    assert XPEvent.objects.filter(user=user, reason="ritual_entry").count() == 1
    winner = next(r for r in responses if r.status_code == 200).json()["result"]
    assert winner["gamification_event"]["total_xp"] == 10


def test_parallel_morning_and_evening_are_both_saved():
    with at("UTC", 2026, 12, 1, 8, 0):
        user = UserFactory()
        clients = [client_for(user) for _ in range(2)]
        payloads = [MORNING, {**MORNING, "type": "evening"}]
        responses = run_parallel(2, lambda i: clients[i].post("/api/v1/rituals/entry", payloads[i], format="json"))
    assert [r.status_code for r in responses] == [200, 200]
    assert XPEvent.objects.filter(user=user, reason="ritual_entry").count() == 2


@pytest.mark.parametrize("count", [2, 8])
def test_racing_today_requests_answer_fresh_start_exactly_once(count):
    with at("UTC", 2026, 11, 4, 10, 0):
        user = UserFactory()
    with at("UTC", 2026, 11, 19, 10, 0):  # Thursday: the week of 9 November is 4 days overdue
        clients = [client_for(user) for _ in range(count)]
        responses = run_parallel(count, lambda i: clients[i].get("/api/v1/rituals/today"))
        later = clients[0].get("/api/v1/rituals/today")
    assert [r.status_code for r in responses] == [200] * count
    interceptions = [r.json()["result"]["interception"] for r in responses]
    assert interceptions.count({"type": "fresh_start", "archived_week_start": "2026-11-09"}) == 1
    assert interceptions.count(None) == count - 1
    assert later.json()["result"]["interception"] is None
    assert list(WeeklyReview.objects.filter(user=user).values_list("week_start", "status")) == [
        (date(2026, 11, 9), "archived")
    ]


def test_parallel_analyses_review_each_week_once():
    """Four parallel analyses on Monday: the last week and the current week are reviewed at most
    once each; a request for a week whose review is being written joins that job (same
    review), the others are 409 and charge nothing."""
    with at("UTC", 2026, 11, 4, 10, 0):
        user = UserFactory()
    with at("UTC", 2026, 11, 16, 10, 0):
        clients = [client_for(user) for _ in range(4)]
        responses = run_parallel(
            4,
            lambda i: clients[i].post("/api/v1/rituals/weekly/analyze", {"user_reflection": f"r{i}"}, format="json"),
        )
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 409}, codes
    reviews = WeeklyReview.objects.filter(user=user)
    answered = {r.json()["result"]["id"] for r in responses if r.status_code == 200}
    assert set(map(str, reviews.values_list("id", flat=True))) == answered and answered
    assert len(set(reviews.values_list("week_start", flat=True))) == reviews.count()
    assert QuotaCharge.objects.filter(user=user).count() == reviews.count()
    assert XPEvent.objects.filter(user=user, reason="weekly_review").count() == reviews.count()
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "RITUALS_WEEK_ALREADY_REVIEWED"
