"""POST /future-story/generate (text quota, job `future_story.generate`) on the offline
backend: the story is saved and charged once, XP once per story; failures charge nothing."""

import pytest

from apps.ai import offline as ai_offline
from apps.ai.errors import AIError, AITimeout
from apps.ai.jobs import ai_job_create, ai_job_execute
from apps.ai.models import AIJob
from apps.future_story.models import FutureStory
from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_charge

from .helpers import answer, err, ok, text_used

pytestmark = pytest.mark.django_db

URL = "/api/v1/future-story/generate"


@pytest.fixture
def composer(monkeypatch):
    def install(func):
        monkeypatch.setitem(ai_offline._COMPOSERS, "future_story.generate", func)

    return install


def _raise(exc):
    def compose(context, locale):
        raise exc

    return compose


def test_generate_saves_the_story_charges_one_unit_and_pays_xp(auth_client):
    answer(auth_client, "health", "I run every morning")
    answer(auth_client, "career", "I run my own design studio")
    story = ok(auth_client.post(URL))
    assert set(story) == {"id", "horizons", "images", "created_at", "updated_at", "gamification_event"}
    assert "I run my own design studio" in story["horizons"]["5y"]["full_text"]
    assert [i["image_key"] for i in story["images"]] == ["health", "career"]
    assert story["gamification_event"]["reason"] == "future_story"
    assert story["gamification_event"]["xp_awarded"] == 100
    assert str(FutureStory.objects.get(user=auth_client.user).id) == story["id"]
    assert text_used(auth_client.user) == 1
    latest = ok(auth_client.get("/api/v1/future-story"))
    assert latest == {key: value for key, value in story.items() if key != "gamification_event"}


def test_generate_in_russian_for_a_russian_user(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save()
    answer(auth_client, "health", "Бегаю по утрам")
    story = ok(auth_client.post(URL))
    assert "Бегаю по утрам" in story["horizons"]["3y"]["full_text"]
    assert story["horizons"]["3y"]["by_area"][0]["title"] == "Здоровье"


def test_each_story_pays_xp_once_and_a_new_story_pays_again(auth_client):
    answer(auth_client)
    first = ok(auth_client.post(URL))
    second = ok(auth_client.post(URL))
    assert first["id"] != second["id"]
    assert XPEvent.objects.filter(user=auth_client.user, reason="future_story").count() == 2
    assert text_used(auth_client.user) == 2


@pytest.mark.parametrize("case", ["no draft", "blank answers", "inactive area"])
def test_empty_draft_is_400_and_charges_nothing(auth_client, case):
    from apps.areas.models import Area

    if case == "blank answers":
        answer(auth_client, "health", "   ")
    if case == "inactive area":
        answer(auth_client, "finance", "A lot of money")
        Area.objects.filter(id="finance").update(is_active=False)
        from django.core.cache import cache

        cache.clear()
    err(auth_client.post(URL), 400, "FUTURE_STORY_DRAFT_EMPTY")
    assert text_used(auth_client.user) == 0
    assert not FutureStory.objects.exists() and not AIJob.objects.exists()


def test_quota_exceeded_is_403_and_runs_nothing(auth_client):
    answer(auth_client)
    for index in range(5):
        quota_charge(user=auth_client.user, resource="text", key=f"used-{index}")
    error = err(auth_client.post(URL), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert not FutureStory.objects.exists() and not AIJob.objects.exists()


@pytest.mark.parametrize(
    ("compose", "status", "code"),
    [
        (_raise(AITimeout("slow")), 504, "FUTURE_STORY_AI_TIMEOUT"),
        (_raise(AIError("down")), 502, "FUTURE_STORY_AI_FAILED"),
        (_raise(RuntimeError("bug")), 502, "FUTURE_STORY_AI_FAILED"),
        (
            lambda context, locale: {"horizons": {"3y": {"full_text": "x", "by_area": []}}, "images": []},
            502,
            "FUTURE_STORY_AI_FAILED",
        ),
        (
            lambda context, locale: {
                "horizons": {
                    h: {"full_text": "x", "by_area": [{"area_id": "mars", "title": "M", "paragraph": "p"}]}
                    for h in ("3y", "5y")
                },
                "images": [],
            },
            502,
            "FUTURE_STORY_AI_FAILED",
        ),
        (
            lambda context, locale: {
                "horizons": {h: {"full_text": "x", "by_area": []} for h in ("3y", "5y")},
                "images": [{"image_key": "a", "area_id": "health", "title": "t", "dall_e_prompt": "p"}] * 2,
            },
            502,
            "FUTURE_STORY_AI_FAILED",
        ),
    ],
)
def test_ai_failures_charge_nothing_save_nothing_pay_nothing(auth_client, composer, compose, status, code):
    answer(auth_client)
    composer(compose)
    err(auth_client.post(URL), status, code)
    assert text_used(auth_client.user) == 0 and not QuotaCharge.objects.exists()
    assert not FutureStory.objects.exists()
    assert not XPEvent.objects.filter(reason="future_story").exists()


def test_quota_race_inside_the_job_saves_nothing(auth_client, composer):
    answer(auth_client)
    real = ai_offline._COMPOSERS["future_story.generate"]

    def racing(context, locale):
        for index in range(5):
            quota_charge(user=auth_client.user, resource="text", key=f"race-{index}")
        return real(context, locale)

    composer(racing)
    err(auth_client.post(URL), 403, "QUOTA_EXCEEDED")
    assert not FutureStory.objects.exists()
    assert not XPEvent.objects.filter(reason="future_story").exists()


def test_redelivered_job_saves_charges_and_pays_once(auth_client):
    answer(auth_client)
    job = ai_job_create(user=auth_client.user, kind="future_story.generate", params={})  # runs (eager)
    assert ai_job_execute(job_id=str(job.pk))["status"] == "duplicate"
    assert FutureStory.objects.count() == 1
    assert text_used(auth_client.user) == 1
    assert XPEvent.objects.filter(reason="future_story").count() == 1


def test_async_mode_answers_202_and_the_job_holds_the_same_result(auth_client):
    answer(auth_client)
    accepted = ok(auth_client.post(URL, HTTP_PREFER="respond-async"), 202)
    job = ok(auth_client.get(accepted["status_url"]))
    assert job["status"] == "succeeded" and job["kind"] == "future_story.generate"
    assert job["result"]["id"] == str(FutureStory.objects.get().id)


def test_the_ai_sees_the_draft_the_wants_analysis_and_the_life_wheel(auth_client, composer):
    from tests.life_wheel.factories import LifeWheelFactory
    from tests.wants.factories import WantsAnalysisFactory

    answer(auth_client, "health", "I swim")
    LifeWheelFactory(user=auth_client.user, scores={"health": 3})
    WantsAnalysisFactory(raw__user=auth_client.user, summary="You want the sea")
    seen = {}
    real = ai_offline._COMPOSERS["future_story.generate"]

    def spy(context, locale):
        seen.update(context=context, locale=locale)
        return real(context, locale)

    composer(spy)
    ok(auth_client.post(URL))
    context = seen["context"]
    assert seen["locale"] == "en"
    assert context["answers"] == [
        {"area_id": "health", "title": "Health", "color": "#4CAF50", "question": "How do you feel?", "answer": "I swim"}
    ]
    assert context["life_wheel"]["scores"] == {"health": 3}
    assert context["wants_analysis"]["summary"] == "You want the sea"
