"""GET /future-story (latest or null) and PUT /future-story (replace one horizon)."""

import pytest

from apps.future_story.models import FutureStory

from .factories import FutureStoryFactory, horizon
from .helpers import err, ok

pytestmark = pytest.mark.django_db

NEW_5Y = {
    "horizon": "5y",
    "full_text": "My own five-year text",
    "by_area": [{"area_id": "career", "title": "Career", "paragraph": "I lead a studio"}],
}


def test_get_is_null_without_a_story(auth_client):
    assert ok(auth_client.get("/api/v1/future-story")) is None


def test_get_returns_the_latest_story(auth_client):
    FutureStoryFactory(user=auth_client.user, horizons={"3y": horizon("old"), "5y": horizon("old")})
    latest = FutureStoryFactory(user=auth_client.user)
    story = ok(auth_client.get("/api/v1/future-story"))
    assert story["id"] == str(latest.id)
    assert set(story) == {"id", "horizons", "images", "created_at", "updated_at"}
    assert story["horizons"]["3y"] == horizon("In three years")
    assert story["images"][0] == {
        "image_key": "health",
        "area_id": "health",
        "title": "Health",
        "dall_e_prompt": "A runner at sunrise by the sea",
    }


def test_get_never_shows_another_users_story(auth_client, other_client):
    FutureStoryFactory(user=other_client.user)
    assert ok(auth_client.get("/api/v1/future-story")) is None


def test_put_replaces_one_horizon_and_keeps_the_other(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    result = ok(auth_client.put("/api/v1/future-story", NEW_5Y, format="json"))
    assert result["horizons"]["5y"] == {"full_text": NEW_5Y["full_text"], "by_area": NEW_5Y["by_area"]}
    assert result["horizons"]["3y"] == horizon("In three years")
    story.refresh_from_db()
    assert story.horizons["5y"]["full_text"] == "My own five-year text"
    assert ok(auth_client.get("/api/v1/future-story")) == result


def test_put_without_a_story_is_404(auth_client, other_client):
    FutureStoryFactory(user=other_client.user)
    err(auth_client.put("/api/v1/future-story", NEW_5Y, format="json"), 404, "FUTURE_STORY_NOT_FOUND")
    assert FutureStory.objects.get().horizons["5y"] == horizon("In five years")


@pytest.mark.parametrize("value", ["10y", "3Y", "", "5y "])
def test_put_unknown_horizon_is_400_and_changes_nothing(auth_client, value):
    story = FutureStoryFactory(user=auth_client.user)
    err(
        auth_client.put("/api/v1/future-story", {**NEW_5Y, "horizon": value}, format="json"),
        400,
        "FUTURE_STORY_INVALID_HORIZON",
    )
    story.refresh_from_db()
    assert story.horizons["5y"] == horizon("In five years")


@pytest.mark.parametrize(
    "by_area, field",
    [
        ("text", "by_area"),
        ([{"area_id": "career", "title": "Career"}], "by_area.0.paragraph"),
        ([{"area_id": "nope", "title": "X", "paragraph": "y"}], "by_area.0.area_id"),
        ([{"area_id": "career", "title": "", "paragraph": "y"}], "by_area.0.title"),
        ([{"area_id": "career", "title": "C", "paragraph": 5}], "by_area.0.paragraph"),
        (
            [
                {"area_id": "career", "title": "C", "paragraph": "a"},
                {"area_id": "career", "title": "C", "paragraph": "b"},
            ],
            "by_area",
        ),
        (None, "by_area"),
    ],
)
def test_put_bad_by_area_is_422_and_changes_nothing(auth_client, by_area, field):
    story = FutureStoryFactory(user=auth_client.user)
    error = err(
        auth_client.put("/api/v1/future-story", {**NEW_5Y, "by_area": by_area}, format="json"), 422, "VALIDATION_ERROR"
    )
    assert field in error["fields"], error["fields"]
    story.refresh_from_db()
    assert story.horizons["5y"] == horizon("In five years")


def test_put_missing_full_text_is_422(auth_client):
    FutureStoryFactory(user=auth_client.user)
    body = {"horizon": "3y", "by_area": []}
    assert (
        "full_text"
        in err(auth_client.put("/api/v1/future-story", body, format="json"), 422, "VALIDATION_ERROR")["fields"]
    )


def test_put_in_russian_names_the_error_in_russian(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save()
    FutureStoryFactory(user=auth_client.user)
    error = err(
        auth_client.put("/api/v1/future-story", {**NEW_5Y, "horizon": "7y"}, format="json"),
        400,
        "FUTURE_STORY_INVALID_HORIZON",
    )
    assert "горизонт" in error["message"].lower()


def test_get_latest_is_two_queries_plus_auth(auth_client, django_assert_max_num_queries):
    for _ in range(5):
        FutureStoryFactory(user=auth_client.user)
    with django_assert_max_num_queries(3):
        ok(auth_client.get("/api/v1/future-story"))
