"""GET /future-story/questions and the draft (POST/GET /future-story/draft)."""

import pytest

from apps.areas.models import Area
from apps.areas.services import ensure_default_areas
from apps.future_story.models import FutureStoryAnswer, FutureStoryDraft

from .helpers import answer, err, ok

pytestmark = pytest.mark.django_db


def test_questions_one_per_active_area_in_order_in_russian(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save()
    questions = ok(auth_client.get("/api/v1/future-story/questions"))
    assert [q["area_id"] for q in questions] == [
        "health",
        "career",
        "finance",
        "relationships",
        "family_friends",
        "personal_growth",
        "leisure",
        "environment",
    ]
    assert "3–5 лет" in questions[0]["question"]


def test_questions_in_english_for_an_english_user(auth_client):
    questions = ok(auth_client.get("/api/v1/future-story/questions"))
    assert questions[0]["question"].startswith("Picture yourself")


def test_questions_skip_inactive_areas_and_ask_about_new_ones_by_title(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save()
    ensure_default_areas()
    Area.objects.filter(id="finance").update(is_active=False)
    Area.objects.create(id="spirit", title_ru="Духовность", title_en="Spirit", order_index=1)
    questions = ok(auth_client.get("/api/v1/future-story/questions"))
    ids = [q["area_id"] for q in questions]
    assert "finance" not in ids and ids[0] == "spirit"
    assert "«Духовность»" in questions[0]["question"]


def test_questions_need_authentication(api_client):
    err(api_client.get("/api/v1/future-story/questions"), 401, "AUTH_NOT_AUTHENTICATED")


def test_first_answer_creates_the_draft(auth_client):
    draft = answer(auth_client, "health", "I run")
    assert draft["answers"] == [
        {
            "area_id": "health",
            "question": "How do you feel?",
            "answer": "I run",
            "updated_at": draft["answers"][0]["updated_at"],
        }
    ]
    assert FutureStoryDraft.objects.get(user=auth_client.user).id.hex == draft["id"].replace("-", "")


def test_answer_again_replaces_it_and_keeps_others(auth_client):
    answer(auth_client, "career", "Design studio")
    answer(auth_client, "health", "I run")
    draft = answer(auth_client, "health", "I swim", question="Other wording")
    assert [(a["area_id"], a["question"], a["answer"]) for a in draft["answers"]] == [
        ("health", "Other wording", "I swim"),
        ("career", "How do you feel?", "Design studio"),
    ]
    assert FutureStoryAnswer.objects.count() == 2 and FutureStoryDraft.objects.count() == 1


def test_draft_get_is_null_before_the_first_answer_then_the_draft(auth_client):
    assert ok(auth_client.get("/api/v1/future-story/draft")) is None
    saved = answer(auth_client)
    assert ok(auth_client.get("/api/v1/future-story/draft")) == saved


@pytest.mark.parametrize("area_id", ["nope", "HEALTH", "", "finance"])
def test_unknown_or_inactive_area_is_400_and_saves_nothing(auth_client, area_id):
    ensure_default_areas()
    Area.objects.filter(id="finance").update(is_active=False)
    body = {"area_id": area_id, "question": "Q", "answer": "A"}
    if area_id == "":
        err(auth_client.post("/api/v1/future-story/draft", body, format="json"), 422, "VALIDATION_ERROR")
    else:
        error = err(
            auth_client.post("/api/v1/future-story/draft", body, format="json"), 400, "FUTURE_STORY_INVALID_AREA_ID"
        )
        assert error["details"] == {"area_ids": [area_id]}
    assert not FutureStoryAnswer.objects.exists() and not FutureStoryDraft.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"area_id": "health", "answer": "A"}, "question"),
        ({"area_id": "health", "question": "Q"}, "answer"),
        ({"area_id": "health", "question": "Q", "answer": 5}, "answer"),
        ({"area_id": "health", "question": "Q", "answer": "x" * 10_001}, "answer"),
        ({"area_id": ["health"], "question": "Q", "answer": "A"}, "area_id"),
        ({"area_id": "health", "question": "Q", "answer": "A\x00"}, "answer"),
    ],
)
def test_bad_answer_input_is_422_naming_the_field(auth_client, body, field):
    error = err(auth_client.post("/api/v1/future-story/draft", body, format="json"), 422, "VALIDATION_ERROR")
    assert field in error["fields"]
    assert not FutureStoryAnswer.objects.exists()


def test_drafts_are_per_user(auth_client, other_client):
    answer(auth_client, "health", "mine")
    theirs = answer(other_client, "health", "theirs")
    assert [a["answer"] for a in theirs["answers"]] == ["theirs"]
    assert [a["answer"] for a in ok(auth_client.get("/api/v1/future-story/draft"))["answers"]] == ["mine"]


def test_draft_answer_query_count_is_bounded(auth_client, django_assert_max_num_queries):
    for area_id in ("career", "finance", "leisure"):
        answer(auth_client, area_id, "x")
    with django_assert_max_num_queries(9):  # auth (2) + savepoints + draft + upsert + touch + answers
        answer(auth_client, "health", "y")


@pytest.mark.parametrize("count", [1, 8])
def test_draft_get_is_a_fixed_number_of_queries(auth_client, django_assert_num_queries, count):
    areas = [
        "health",
        "career",
        "finance",
        "relationships",
        "family_friends",
        "personal_growth",
        "leisure",
        "environment",
    ]
    for area_id in areas[:count]:
        answer(auth_client, area_id, "x")
    with django_assert_num_queries(2):  # draft + its answers (the session check and the areas come from the cache)
        assert len(ok(auth_client.get("/api/v1/future-story/draft"))["answers"]) == count


def test_questions_are_one_query_on_a_warm_area_cache(auth_client, django_assert_num_queries):
    ok(auth_client.get("/api/v1/future-story/questions"))
    with django_assert_num_queries(0):  # the session check and the areas both come from the cache
        assert len(ok(auth_client.get("/api/v1/future-story/questions"))) == 8
