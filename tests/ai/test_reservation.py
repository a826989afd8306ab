"""The quota bounds the AI calls, not only the charges (SECURITY 47, issue 22 finding 2),
counted at a local AI service: a job reserves a unit while it is in flight, one weekly review
per week runs at a time (the others join it), and AI endpoints have a per-user rate limit."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.functions import Now

from apps.ai.models import AIJob
from apps.limits.models import QuotaCharge
from apps.rituals.models import WeeklyReview
from apps.visuals.models import VisualAsset
from apps.wants.models import WantsAnalysis
from tests.conftest import client_for, postgres_only
from tests.future_story.factories import FutureStoryFactory
from tests.helpers import run_parallel
from tests.rituals.test_weekly_analyze_openai import GOOD as WEEKLY_GOOD
from tests.wants.factories import CompletedWantsRawFactory
from tests.wants.helpers import err, ok, text_used
from tests.wants.test_analyze_openai import GOOD as WANTS_GOOD

from .ai_service import CHAT, IMAGES, CountingAIService, use_ai_service

ASYNC = {"HTTP_PREFER": "respond-async"}


@pytest.fixture
def service(settings):
    service = CountingAIService(content=WANTS_GOOD, delay=0.5).start()
    use_ai_service(settings, service)
    settings.AI_IMAGE_ALLOWED_HOSTS = ["127.0.0.1"]
    yield service
    service.stop()


@postgres_only()
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_async_requests_of_a_free_user_make_at_most_five_ai_calls(user, service):
    CompletedWantsRawFactory(user=user)
    clients = [client_for(user) for _ in range(40)]
    responses = run_parallel(40, lambda i: clients[i].post("/api/v1/wants/analyze", **ASYNC))

    codes = [r.status_code for r in responses]
    assert set(codes) <= {202, 403, 429}, codes
    assert codes.count(429) == 10  # AI_RATE_LIMIT_PER_MINUTE = 30
    assert 1 <= service.count(CHAT) <= 5
    assert WantsAnalysis.objects.filter(user=user).count() == text_used(user) == service.count(CHAT)
    for response in responses:
        if response.status_code == 403:
            assert response.json()["error"]["code"] == "QUOTA_EXCEEDED"


@postgres_only()
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_image_generations_with_one_unit_make_at_most_one_image_call(user, service):
    story = FutureStoryFactory(user=user)  # a free user: one image unit
    clients = [client_for(user) for _ in range(20)]
    keys = ["health", "career"]  # two different pictures: the reservation, not a join, bounds them
    responses = run_parallel(
        20,
        lambda i: clients[i].post(
            "/api/v1/visuals/generate-story-image", {"story_id": str(story.id), "image_key": keys[i % 2]}, format="json"
        ),
    )
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 403}, codes
    assert service.count(IMAGES) == 1
    assert VisualAsset.objects.filter(story=story).count() == 1
    assert QuotaCharge.objects.filter(user=user, resource="image").count() == 1


@postgres_only()
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hundred_async_reviews_of_one_week_make_one_ai_call(user, service, settings):
    """The user signed up this week, so only this week can be reviewed: while its review runs,
    every request joins that job (the same job id); once saved, the week answers 409."""
    settings.AI_RATE_LIMIT_PER_MINUTE = 0  # this test is about the join, not the rate limit
    user.plan = "pro"  # nor about the five units of a free user
    user.save()
    service.content = WEEKLY_GOOD
    service.delay = 2
    clients = [client_for(user) for _ in range(16)]
    responses, lock = [], threading.Lock()

    def send(index):
        try:
            for _ in range(200 // 16 + (index < 200 % 16)):
                response = clients[index].post("/api/v1/rituals/weekly/analyze", {"user_reflection": "ok"}, format="json", **ASYNC)
                with lock:
                    responses.append(response)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert len(responses) == 200
    codes = [r.status_code for r in responses]
    assert set(codes) <= {202, 409}, codes
    assert len({r.json()["result"]["job_id"] for r in responses if r.status_code == 202}) == 1
    assert service.count(CHAT) == 1
    assert WeeklyReview.objects.filter(user=user).count() == 1
    assert QuotaCharge.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_job_in_flight_holds_its_unit_and_gives_it_back_when_it_fails(auth_client, service, monkeypatch):
    """4 of 5 units used, one job queued (no worker yet): the next request is refused before any
    AI call. The queued job fails → its unit is free again and the next request runs."""
    from apps.limits.services import quota_charge
    from mechta.celery import app

    user = auth_client.user
    CompletedWantsRawFactory(user=user)
    for index in range(4):
        quota_charge(user=user, resource="text", key=f"before-{index}")
    with monkeypatch.context() as patch:
        patch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)
        queued = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
        error = err(auth_client.post("/api/v1/wants/analyze", **ASYNC), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 4, "limit": 5}
    assert service.count() == 0

    AIJob.objects.filter(pk=queued["job_id"]).update(status="failed", error_code="WANTS_AI_FAILED")
    ok(auth_client.post("/api/v1/wants/analyze"))
    assert service.count() == 1 and text_used(user) == 5


@pytest.mark.django_db
def test_a_job_past_its_deadline_no_longer_holds_a_unit(auth_client, service, monkeypatch):
    """A job whose worker died and was never delivered again stops counting at its deadline."""
    from apps.limits.services import quota_charge
    from mechta.celery import app

    user = auth_client.user
    CompletedWantsRawFactory(user=user)
    for index in range(4):
        quota_charge(user=user, resource="text", key=f"before-{index}")
    with monkeypatch.context() as patch:
        patch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)
        stuck = ok(auth_client.post("/api/v1/wants/analyze", **ASYNC), 202)
    AIJob.objects.filter(pk=stuck["job_id"]).update(status="running", deadline_at=Now() - timedelta(seconds=1))
    ok(auth_client.post("/api/v1/wants/analyze"))
    assert service.count() == 1 and text_used(user) == 5


@pytest.mark.django_db
def test_ai_endpoints_are_rate_limited_per_user(auth_client, other_client, service, settings):
    settings.AI_RATE_LIMIT_PER_MINUTE = 2
    settings.QUOTA_LIMITS = {**settings.QUOTA_LIMITS, "free": {"text": 100, "image": 1}}
    CompletedWantsRawFactory(user=auth_client.user)
    CompletedWantsRawFactory(user=other_client.user)
    ok(auth_client.post("/api/v1/wants/analyze"))
    ok(auth_client.post("/api/v1/wants/analyze"))
    response = auth_client.post("/api/v1/wants/analyze")
    err(response, 429, "RATE_LIMITED")
    assert int(response["Retry-After"]) > 0
    assert service.count() == 2
    ok(other_client.post("/api/v1/wants/analyze"))  # another user has a limit of their own
