import uuid
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from apps.areas.models import Area
from apps.areas.services import ensure_default_areas
from apps.core.registry import exporters
from apps.gamification.models import XPEvent
from apps.life_wheel.models import LifeWheel
from tests.accounts.factories import UserFactory
from tests.areas.helpers import assert_error, result
from tests.conftest import client_for
from tests.life_wheel.factories import LifeWheelFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/life_wheel"
SCORES = {"health": 7, "career": 5, "finance": 0, "leisure": 10}


@pytest.fixture(autouse=True)
def _areas(db):
    ensure_default_areas()


def post(client, body):
    return client.post(URL, body, format="json")


def make_history(user, count: int) -> list[LifeWheel]:
    """`count` measurements, one day apart, oldest first."""
    now = timezone.now()
    wheels = []
    for index in range(count):
        wheel = LifeWheelFactory(user=user, scores={"health": index % 11})
        LifeWheel.objects.filter(pk=wheel.pk).update(created_at=now - timedelta(days=count - index))
        wheels.append(wheel)
    return wheels


# --- POST /life_wheel


def test_create_requires_authentication(api_client):
    assert_error(post(api_client, {"scores": SCORES}), 401, "AUTH_NOT_AUTHENTICATED")


def test_create_saves_the_measurement_and_returns_it(auth_client):
    wheel = result(post(auth_client, {"scores": SCORES, "note": "Before the new year"}))
    assert set(wheel) == {"id", "scores", "note", "created_at", "gamification_event"}
    assert wheel["scores"] == SCORES
    assert wheel["note"] == "Before the new year"
    assert wheel["created_at"].endswith("Z")
    saved = LifeWheel.objects.get(id=uuid.UUID(wheel["id"]))
    assert (saved.user_id, saved.scores, saved.note) == (auth_client.user.id, SCORES, "Before the new year")


def test_create_without_a_note_stores_an_empty_one(auth_client):
    assert result(post(auth_client, {"scores": {"health": 3}}))["note"] == ""


def test_create_awards_life_wheel_xp_once_per_local_week(db):
    xp = settings.XP_REWARDS["life_wheel"]
    user = UserFactory(time_zone="Asia/Tokyo")

    def measure(at):
        with time_machine.travel(at, tick=False):
            return result(post(client_for(user), {"scores": SCORES}))

    first = measure("2025-03-09T14:00:00Z")  # Sunday 23:00 in Tokyo
    again = measure("2025-03-09T14:30:00Z")  # the same local ISO week
    next_week = measure("2025-03-09T20:00:00Z")  # Monday 05:00 in Tokyo, still Sunday in UTC
    assert first["gamification_event"]["xp_awarded"] == xp
    assert first["gamification_event"]["reason"] == "life_wheel"
    assert first["gamification_event"]["total_xp"] == xp
    assert again["gamification_event"] is None
    assert next_week["gamification_event"]["total_xp"] == 2 * xp
    assert XPEvent.objects.filter(user=user, reason="life_wheel").count() == 2


def test_measurement_is_not_saved_when_the_xp_award_fails(auth_client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr("apps.life_wheel.services.xp_award", broken)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {auth_client.tokens['access_token']}")
    assert_error(post(client, {"scores": SCORES}), 500, "INTERNAL_ERROR")
    assert not LifeWheel.objects.exists()


def test_empty_scores_is_life_wheel_empty_scores(auth_client):
    assert_error(post(auth_client, {"scores": {}}), 400, "LIFE_WHEEL_EMPTY_SCORES")
    assert not LifeWheel.objects.exists()


def test_unknown_areas_are_listed_sorted(auth_client):
    error = assert_error(
        post(auth_client, {"scores": {"health": 5, "zebra": 1, "astrology": 2}}), 400, "LIFE_WHEEL_INVALID_AREA_ID"
    )
    assert error["details"]["area_ids"] == ["astrology", "zebra"]
    assert not LifeWheel.objects.exists()


def test_inactive_area_is_life_wheel_invalid_area_id(auth_client, admin_client_api):
    result(admin_client_api.delete("/api/v1/areas/leisure"))
    error = assert_error(post(auth_client, {"scores": {"health": 5, "leisure": 4}}), 400, "LIFE_WHEEL_INVALID_AREA_ID")
    assert error["details"]["area_ids"] == ["leisure"]


def test_newly_created_area_can_be_scored(auth_client, admin_client_api):
    result(post(auth_client, {"scores": {"health": 5}}))  # warms the cached active list
    result(
        admin_client_api.post("/api/v1/areas", {"id": "pets", "title_ru": "Питомцы", "title_en": "Pets"}, format="json")
    )
    assert result(post(auth_client, {"scores": {"pets": 9}}))["scores"] == {"pets": 9}


def test_works_before_anyone_listed_the_areas(auth_client):
    Area.objects.all().delete()
    assert result(post(auth_client, {"scores": {"health": 6}}))["scores"] == {"health": 6}


@pytest.mark.parametrize("score", [11, -1, 100, "5", 5.5, 7.0, True, False, None, [5], {"v": 5}])
def test_bad_score_is_422_on_its_dotted_field(auth_client, score):
    error = assert_error(post(auth_client, {"scores": {"health": 5, "career": score}}), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"scores.career"}
    assert not LifeWheel.objects.exists()


@pytest.mark.parametrize("score", [0, 10])
def test_bounds_are_accepted(auth_client, score):
    assert result(post(auth_client, {"scores": {"health": score}}))["scores"] == {"health": score}


@pytest.mark.parametrize("scores", [[["health", 5]], "health=5", 5, None, True])
def test_scores_must_be_an_object(auth_client, scores):
    error = assert_error(post(auth_client, {"scores": scores}), 422, "VALIDATION_ERROR")
    assert "scores" in error["fields"]


def test_scores_are_required(auth_client):
    error = assert_error(post(auth_client, {"note": "hi"}), 422, "VALIDATION_ERROR")
    assert "scores" in error["fields"]


def test_too_many_scored_areas_is_422(auth_client):
    scores = {f"area_{index}": 5 for index in range(51)}
    error = assert_error(post(auth_client, {"scores": scores}), 422, "VALIDATION_ERROR")
    assert list(error["fields"]) == ["scores"]


def test_overlong_area_id_is_422_and_not_echoed(auth_client):
    response = post(auth_client, {"scores": {"x" * 500: 5}})
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["fields"]) == ["scores"]
    assert "x" * 100 not in response.content.decode()


def test_note_is_limited_to_2000_characters(auth_client):
    error = assert_error(post(auth_client, {"scores": {"health": 5}, "note": "a" * 2001}), 422, "VALIDATION_ERROR")
    assert "note" in error["fields"]
    assert result(post(auth_client, {"scores": {"health": 5}, "note": "a" * 2000}))["note"] == "a" * 2000


def test_body_that_is_not_an_object_is_422(auth_client):
    assert_error(auth_client.post(URL, [1, 2], format="json"), 422, "VALIDATION_ERROR")


# --- GET /life_wheel/latest


def test_latest_is_null_without_measurements(auth_client):
    response = auth_client.get(URL + "/latest")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["result"] is None


def test_latest_is_the_newest_measurement(auth_client):
    wheels = make_history(auth_client.user, 3)
    latest = result(auth_client.get(URL + "/latest"))
    assert latest["id"] == str(wheels[-1].id)
    assert set(latest) == {"id", "scores", "note", "created_at"}


def test_latest_never_shows_another_users_measurement(auth_client, other_client):
    make_history(other_client.user, 2)
    assert auth_client.get(URL + "/latest").json()["result"] is None


def test_latest_requires_authentication(api_client):
    assert_error(api_client.get(URL + "/latest"), 401, "AUTH_NOT_AUTHENTICATED")


# --- GET /life_wheel


def test_history_is_paginated_newest_first(auth_client):
    wheels = make_history(auth_client.user, 25)
    response = auth_client.get(URL + "?page=1&page_size=10")
    items = result(response)["items"]
    assert [item["id"] for item in items] == [str(wheel.id) for wheel in reversed(wheels[-10:])]
    assert response.json()["meta"]["pagination"] == {
        "page": 1,
        "page_size": 10,
        "total": 25,
        "total_pages": 3,
        "has_next": True,
        "has_prev": False,
    }
    last = result(auth_client.get(URL + "?page=3&page_size=10"))["items"]
    assert [item["id"] for item in last] == [str(wheel.id) for wheel in reversed(wheels[:5])]


def test_history_shows_only_the_callers_measurements(auth_client, other_client):
    mine = make_history(auth_client.user, 2)
    make_history(other_client.user, 3)
    response = auth_client.get(URL)
    assert {item["id"] for item in result(response)["items"]} == {str(wheel.id) for wheel in mine}
    assert response.json()["meta"]["pagination"]["total"] == 2


def test_history_page_past_the_end_is_empty(auth_client):
    make_history(auth_client.user, 2)
    assert result(auth_client.get(URL + "?page=5"))["items"] == []


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page_size=0", "page=abc"])
def test_history_refuses_bad_pagination(auth_client, query):
    assert_error(auth_client.get(f"{URL}?{query}"), 422, "VALIDATION_ERROR")


def test_history_requires_authentication(api_client):
    assert_error(api_client.get(URL), 401, "AUTH_NOT_AUTHENTICATED")


# --- export


def test_exporter_dumps_only_the_users_measurements(user, other_client):
    wheels = make_history(user, 2)
    make_history(other_client.user, 1)
    exported = exporters()["life_wheel"](user)
    assert [row["id"] for row in exported] == [str(wheel.id) for wheel in reversed(wheels)]
    assert set(exported[0]) == {"id", "scores", "note", "created_at"}


# --- query counts


def test_create_query_count_is_bounded(auth_client, django_assert_max_num_queries):
    result(post(auth_client, {"scores": {"health": 1}}))  # warms the cached active areas
    # session, wheel insert, and the XP ledger (savepoints, event, total); areas come from the cache.
    with django_assert_max_num_queries(16):
        result(post(auth_client, {"scores": SCORES}))


def test_history_query_count_does_not_grow_with_rows(auth_client, django_assert_num_queries):
    make_history(auth_client.user, 30)
    with django_assert_num_queries(2):  # session (then cached), the page with its total
        assert len(result(auth_client.get(URL + "?page_size=30"))["items"]) == 30
    with django_assert_num_queries(1):
        assert len(result(auth_client.get(URL + "?page_size=5"))["items"]) == 5


def test_latest_query_count(auth_client, django_assert_num_queries):
    make_history(auth_client.user, 30)
    with django_assert_num_queries(2):
        result(auth_client.get(URL + "/latest"))


def test_error_messages_follow_the_user_locale(auth_client):
    ru_client = client_for(UserFactory(locale="ru"))
    en = assert_error(post(auth_client, {"scores": {}}), 400, "LIFE_WHEEL_EMPTY_SCORES")
    ru = assert_error(post(ru_client, {"scores": {"health": 12}}), 422, "VALIDATION_ERROR")
    assert en["message"] == "Rate at least one area."
    assert ru["fields"]["scores.health"] == ["Оценка должна быть целым числом от 0 до 10."]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"scores": {"health": 5}, "note": "calm\x00"}, 422, "VALIDATION_ERROR"),
        ({"scores": {"hea\x00lth": 5}}, 422, "VALIDATION_ERROR"),  # free-form JSON check (SECURITY 49)
        ({"scores": {"health": 5}, "note": "x" * 100_000}, 422, "VALIDATION_ERROR"),
    ],
)
def test_nul_bytes_and_oversized_values_are_4xx_and_store_nothing(auth_client, body, status, code):
    assert_error(post(auth_client, body), status, code)
    assert not LifeWheel.objects.exists()


def test_first_page_shows_a_new_measurement_at_once(auth_client, django_assert_num_queries):
    make_history(auth_client.user, 3)
    result(auth_client.get(URL))
    with django_assert_num_queries(1):  # the page and its total; no cache of the page (issue 19)
        assert len(result(auth_client.get(URL))["items"]) == 3
    wheel = result(post(auth_client, {"scores": SCORES, "note": "new"}))
    listed = auth_client.get(URL).json()
    assert listed["result"]["items"][0]["id"] == wheel["id"]
    assert listed["meta"]["pagination"]["total"] == 4


def test_first_page_forgets_a_measurement_deleted_in_admin(auth_client):
    from django.test import Client

    wheels = make_history(auth_client.user, 2)
    result(auth_client.get(URL))
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = admin.post(f"/admin/life_wheel/lifewheel/{wheels[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert len(result(auth_client.get(URL))["items"]) == 1
