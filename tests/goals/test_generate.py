"""POST /goals/generate with the offline backend: suggestions from the user's own data, in
their language, not saved; the text quota is charged once per success."""

import pytest
import time_machine

from apps.goals.models import Goal
from apps.limits.models import QuotaCharge
from tests.conftest import client_for
from tests.life_wheel.factories import LifeWheelFactory
from tests.wants.factories import WantsAnalysisFactory

from .helpers import err, ok, text_used

pytestmark = pytest.mark.django_db

GENERATE = "/api/v1/goals/generate"


@pytest.fixture
def own_data(user):
    LifeWheelFactory(user=user, scores={"health": 3, "career": 8, "finance": 2, "leisure": 6})
    WantsAnalysisFactory(
        raw__user=user,
        top_wants=[
            {"text": "Run a marathon", "area_id": "health", "intensity": 9},
            {"text": "Learn Spanish", "area_id": "personal_growth", "intensity": 7},
            {"text": "A salary of 300k", "area_id": "career", "intensity": 6},
        ],
        recommended_focus_areas=["health", "personal_growth"],
    )
    return user


def test_suggestions_come_from_focus_areas_weakest_wheel_areas_and_own_wants(user, own_data):
    with time_machine.travel("2026-03-10 12:00:00Z", tick=False):
        goals = ok(client_for(user).post(GENERATE))["goals"]
    assert [g["area_id"] for g in goals[:4]] == ["health", "personal_growth", "finance", "leisure"]
    assert goals[0]["title"] == "Run a marathon" and goals[1]["title"] == "Learn Spanish"
    assert goals[2]["title"] == "Finance: from 2 to 5 of 10"
    assert "3 of 10" in goals[0]["description"]
    assert [g["horizon"] for g in goals[:4]] == ["3y", "1y", "quarter", "month"]
    assert [g["size"] for g in goals[:4]] == ["big", "big", "small", "small"]
    assert [g["target_date"] for g in goals[:4]] == ["2029-03-10", "2027-03-10", "2026-06-10", "2026-04-10"]
    assert all(g["source"] == "ai" and g["status"] == "planned" for g in goals)
    assert len(goals) <= 6
    assert not Goal.objects.exists()  # suggestions only


def test_suggestions_are_deterministic(auth_client, own_data):
    assert ok(auth_client.post(GENERATE)) == ok(auth_client.post(GENERATE))


def test_suggestions_are_in_the_users_language(auth_client, own_data):
    auth_client.user.locale = "ru"
    auth_client.user.save(update_fields=["locale"])
    goals = ok(auth_client.post(GENERATE))["goals"]
    assert goals[2]["title"] == "Финансы: с 2 до 5 из 10"
    assert "Вашими словами" in goals[0]["description"]


def test_limits_bound_the_count_and_the_horizons(auth_client, own_data):
    goals = ok(auth_client.post(GENERATE, {"limits": {"max_goals": 2, "horizons": ["month"]}}, format="json"))["goals"]
    assert len(goals) == 2 and {g["horizon"] for g in goals} == {"month"}


@pytest.mark.parametrize(
    "limits", [{"max_goals": 0}, {"max_goals": 21}, {"max_goals": "3"}, {"horizons": ["decade"]}, {"horizons": []}, "x"]
)
def test_bad_limits_are_422_and_charge_nothing(auth_client, limits):
    err(auth_client.post(GENERATE, {"limits": limits}, format="json"), 422, "VALIDATION_ERROR")
    assert text_used(auth_client.user) == 0


def test_existing_goals_are_not_suggested_again(auth_client, own_data):
    ok(auth_client.post("/api/v1/goals/batch", {"goals": [{"title": "Run a marathon", "area_id": "health", "horizon": "1y"}]}, format="json"))
    titles = [g["title"] for g in ok(auth_client.post(GENERATE))["goals"]]
    assert "Run a marathon" not in titles


def test_without_any_data_there_are_still_goals_for_each_area(auth_client):
    goals = ok(auth_client.post(GENERATE))["goals"]
    assert len(goals) == 6 and len({g["area_id"] for g in goals}) == 6


def test_suggestions_can_be_saved_as_they_are(auth_client, own_data):
    goals = ok(auth_client.post(GENERATE))["goals"]
    saved = ok(auth_client.post("/api/v1/goals/batch", {"goals": goals}, format="json"))["items"]
    assert [g["title"] for g in saved] == [g["title"] for g in goals]


def test_the_quota_is_charged_once_per_success_and_then_exhausted(auth_client, settings):
    for used in range(1, 6):
        ok(auth_client.post(GENERATE))
        assert text_used(auth_client.user) == used
    error = err(auth_client.post(GENERATE), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert QuotaCharge.objects.count() == 5


def test_async_mode_answers_202_and_the_job_holds_the_result(auth_client, own_data):
    response = auth_client.post(GENERATE, HTTP_PREFER="respond-async")
    accepted = ok(response, 202)
    job = ok(auth_client.get(accepted["status_url"]))
    assert job["kind"] == "goals.generate" and job["status"] == "succeeded"
    assert job["result"]["goals"][0]["title"] == "Run a marathon"


def test_needs_authentication(api_client):
    err(api_client.post(GENERATE), 401, "AUTH_NOT_AUTHENTICATED")
