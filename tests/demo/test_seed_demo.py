"""`manage.py seed_demo`: a demo account a newcomer signs in to and sees data on every screen."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from apps.demo.services import DEMO_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

COUNTED = [
    "accounts.User",
    "life_wheel.LifeWheel",
    "wants.WantsRaw",
    "wants.WantsAnalysis",
    "future_story.FutureStory",
    "visuals.VisualAsset",
    "goals.Goal",
    "steps.Step",
    "rituals.JournalEntry",
    "rituals.WeeklyReview",
    "ai.AIJob",
    "limits.QuotaCharge",
    "gamification.XPEvent",
]


@pytest.fixture(autouse=True)
def _development_settings(settings):
    settings.DEBUG = True  # the test runner forces DEBUG off; seed_demo is for development


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in COUNTED}


def signed_in(email=DEMO_EMAIL, password=DEMO_PASSWORD) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/signin", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['result']['tokens']['access_token']}")
    return client


@pytest.fixture
def seeded():
    return seed()


def test_command_prints_the_credentials(seeded):
    assert DEMO_EMAIL in seeded and DEMO_PASSWORD in seeded


def test_demo_user_is_verified_russian_and_pro(seeded):
    user = apps.get_model("accounts.User").objects.get(email=DEMO_EMAIL)
    assert (user.is_email_verified, user.is_active, user.locale, user.plan) == (True, True, "ru", "pro")


def test_every_section_is_seeded(seeded):
    numbers = counts()
    assert numbers["accounts.User"] == 1
    assert numbers["life_wheel.LifeWheel"] >= 4
    assert numbers["wants.WantsAnalysis"] == 1 and numbers["future_story.FutureStory"] == 1
    assert numbers["visuals.VisualAsset"] >= 1 and numbers["goals.Goal"] >= 3 and numbers["steps.Step"] >= 3
    assert numbers["rituals.JournalEntry"] >= 28 and numbers["rituals.WeeklyReview"] == 1


def test_ai_parts_ran_as_succeeded_jobs(seeded):
    jobs = apps.get_model("ai.AIJob").objects
    assert not jobs.exclude(status="succeeded").exists()
    assert {"wants.analyze", "future_story.generate", "visuals.generate_story_image", "goals.generate",
            "steps.generate", "rituals.weekly_review"} == set(jobs.values_list("kind", flat=True))


def test_second_run_changes_no_counts(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "already there" in output and DEMO_PASSWORD in output


def test_reset_seeds_a_fresh_account_of_the_same_size(seeded):
    before = counts()
    old_id = apps.get_model("accounts.User").objects.get(email=DEMO_EMAIL).pk
    seed("--reset")
    assert counts() == before
    assert apps.get_model("accounts.User").objects.get(email=DEMO_EMAIL).pk != old_id


def test_life_wheel_history_spans_several_weeks(seeded):
    dates = sorted(apps.get_model("life_wheel.LifeWheel").objects.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 21


def test_rituals_cover_two_weeks_once_per_type_and_day(seeded):
    entries = list(apps.get_model("rituals.JournalEntry").objects.values_list("entry_date", "type"))
    assert len(entries) == len(set(entries))
    days = {day for day, _type in entries}
    assert (max(days) - min(days)).days == 14 and len(days) == 15


def test_demo_user_signs_in_and_sees_data_on_every_screen(seeded):
    client = signed_in()

    def result(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content)
        return response.json()["result"]

    for path in ("/api/v1/life_wheel", "/api/v1/rituals/entries"):
        assert result(path)["items"], path
    # Goals and steps are bare arrays of every row, as the seed's clients read them.
    assert len(result("/api/v1/goals")) == apps.get_model("goals.Goal").objects.filter(user__email=DEMO_EMAIL).count()
    assert len(result("/api/v1/steps")) == apps.get_model("steps.Step").objects.filter(user__email=DEMO_EMAIL).count()
    assert len(result("/api/v1/life_wheel")["items"]) == 6
    assert result("/api/v1/wants/analysis")["summary"]
    story = result("/api/v1/future-story")
    assert story["horizons"]["3y"]["full_text"] and story["images"]
    gallery = result(f"/api/v1/visuals/story-gallery/{story['id']}")
    assert len(gallery) == len(story["images"])
    today = result("/api/v1/rituals/today")
    assert today["morning"] is not None and today["interception"] is None  # last week is reviewed
    profile = result("/api/v1/gamification/profile")
    assert profile["xp"] > 0 and profile["streak_current"] == 15


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=false"):
        seed()
    assert counts()["accounts.User"] == 0


def test_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    assert DEMO_PASSWORD in seed("--force")
    assert counts()["wants.WantsAnalysis"] == 1


def test_other_credentials_can_be_given():
    seed("--email", "Guide@Example.com", "--password", "Another-Secret-77")
    signed_in("guide@example.com", "Another-Secret-77")
