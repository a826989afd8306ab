"""Concurrency on PostgreSQL (threads, real commits): one draft and one answer per area under
parallel answers; 20 parallel generations with 5 text units left make exactly 5 stories."""

import pytest

from apps.future_story.models import FutureStory, FutureStoryAnswer, FutureStoryDraft
from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_usage
from tests.conftest import client_for, postgres_only
from tests.wants.test_concurrency import run_parallel

from .factories import FutureStoryAnswerFactory

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_first_answers_make_one_draft_and_one_answer_per_area(user):
    clients = [client_for(user) for _ in range(20)]
    areas = ["health", "career"]
    responses = run_parallel(
        20,
        lambda i: clients[i].post(
            "/api/v1/future-story/draft",
            {"area_id": areas[i % 2], "question": "Q", "answer": f"answer {i}"},
            format="json",
        ),
    )
    assert [r.status_code for r in responses] == [200] * 20
    assert FutureStoryDraft.objects.filter(user=user).count() == 1
    assert sorted(FutureStoryAnswer.objects.values_list("area_id", flat=True)) == ["career", "health"]


def test_twenty_parallel_generations_with_five_units_left_make_exactly_five_stories(user):
    FutureStoryAnswerFactory(draft__user=user, area_id="health", answer="I run every morning")
    clients = [client_for(user) for _ in range(20)]
    responses = run_parallel(20, lambda i: clients[i].post("/api/v1/future-story/generate"))
    codes = [r.status_code for r in responses]
    assert codes.count(200) == 5 and codes.count(403) == 15, codes
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 403} == {"QUOTA_EXCEEDED"}
    saved = {str(pk) for pk in FutureStory.objects.filter(user=user).values_list("id", flat=True)}
    assert {r.json()["result"]["id"] for r in responses if r.status_code == 200} == saved and len(saved) == 5
    assert QuotaCharge.objects.filter(user=user, resource="text").count() == 5
    assert quota_usage(user=user)["text"] == {"used": 5, "limit": 5}
    assert XPEvent.objects.filter(user=user, reason="future_story").count() == 5
