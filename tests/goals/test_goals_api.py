"""Goals through the API: batch, list, update (completion XP once), delete."""

import re
import uuid

import pytest

from apps.gamification.models import XPEvent, XPTotal
from apps.goals.models import Goal
from apps.steps.models import Step
from tests.steps.factories import StepFactory

from .factories import GoalFactory
from .helpers import create_goals, err, goal_in, ok

pytestmark = pytest.mark.django_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
GOAL_FIELDS = {
    "id", "area_id", "title", "description", "horizon", "status", "priority", "size", "target_date", "metric",
    "source", "completed_at", "created_at", "updated_at", "progress",
}


def xp(user) -> int:
    return XPTotal.objects.filter(pk=user.pk).values_list("xp", flat=True).first() or 0


# --- batch


def test_batch_saves_goals_with_defaults_and_pays_goal_created_once_per_goal(auth_client):
    body = ok(auth_client.post(
        "/api/v1/goals/batch",
        {"goals": [goal_in(), goal_in(title="Read 20 books", area_id="personal_growth", horizon="3y", size="big",
                                      priority=1, target_date="2027-06-30", metric="books read", source="ai")]},
        format="json",
    ))
    first, second = body["items"]
    assert set(first) == GOAL_FIELDS
    assert first["status"] == "planned" and first["priority"] == 2 and first["size"] == "small"
    assert first["source"] == "manual" and first["description"] == "" and first["target_date"] is None
    assert first["progress"] == {"steps_total": 0, "steps_done": 0}
    assert ISO_Z.match(first["created_at"]) and first["completed_at"] is None
    assert second["target_date"] == "2027-06-30" and second["size"] == "big" and second["source"] == "ai"
    assert body["gamification_event"]["reason"] == "goal_created"
    assert body["gamification_event"]["xp_awarded"] == 10
    assert XPEvent.objects.filter(user=auth_client.user, reason="goal_created").count() == 2
    assert Goal.objects.filter(user=auth_client.user).count() == 2


def test_batch_with_a_bad_50th_item_saves_nothing(auth_client):
    goals = [goal_in(title=f"Goal {i}") for i in range(49)] + [goal_in(horizon="decade")]
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": goals}, format="json"), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"goals.49.horizon"}
    assert not Goal.objects.exists() and not XPEvent.objects.exists()


def test_batch_names_the_bad_item_in_fields(auth_client):
    goals = [goal_in(), goal_in(), goal_in(), goal_in(horizon="week", priority=7, area_id="nowhere")]
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": goals}, format="json"), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"goals.3.horizon", "goals.3.priority", "goals.3.area_id"}


@pytest.mark.parametrize("goals", [[], [goal_in()] * 51, "x", None])
def test_batch_size_is_1_to_50(auth_client, goals):
    err(auth_client.post("/api/v1/goals/batch", {"goals": goals}, format="json"), 422, "VALIDATION_ERROR")
    assert not Goal.objects.exists()


def test_batch_of_50_is_accepted(auth_client):
    assert len(create_goals(auth_client, *[goal_in(title=f"G{i}") for i in range(50)])) == 50


@pytest.mark.parametrize("missing", ["title", "area_id", "horizon"])
def test_batch_requires_title_area_and_horizon(auth_client, missing):
    item = goal_in()
    del item[missing]
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": [item]}, format="json"), 422, "VALIDATION_ERROR")
    assert f"goals.0.{missing}" in error["fields"]


def test_batch_refuses_an_inactive_area(auth_client):
    from apps.areas.services import area_deactivate
    from tests.goals.factories import default_area

    area_deactivate(area=default_area("leisure"))
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": [goal_in(area_id="leisure")]}, format="json"), 422, "VALIDATION_ERROR")
    assert "goals.0.area_id" in error["fields"]


def test_batch_refuses_non_string_title(auth_client):
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": [goal_in(title=5)]}, format="json"), 422, "VALIDATION_ERROR")
    assert "goals.0.title" in error["fields"]


# --- list


def test_list_is_a_bare_array_of_own_goals_oldest_first(auth_client, other_client):
    create_goals(auth_client, goal_in(title="A"), goal_in(title="B"))
    create_goals(other_client, goal_in(title="Theirs"))
    response = auth_client.get("/api/v1/goals")
    assert [g["title"] for g in ok(response)] == ["A", "B"]
    assert response.json()["meta"]["pagination"] is None


def test_list_answers_every_goal_unpaged(auth_client):
    create_goals(auth_client, *[goal_in(title=f"G{i}") for i in range(45)])
    assert [g["title"] for g in ok(auth_client.get("/api/v1/goals"))] == [f"G{i}" for i in range(45)]
    # Paging parameters of the old API are not filters: still every goal.
    assert len(ok(auth_client.get("/api/v1/goals?page=2&page_size=20"))) == 45


def test_list_filters_by_horizon_and_status(auth_client):
    create_goals(auth_client, goal_in(title="Y", horizon="1y"), goal_in(title="M", horizon="month", status="in_progress"))
    assert [g["title"] for g in ok(auth_client.get("/api/v1/goals?horizon=month"))] == ["M"]
    assert [g["title"] for g in ok(auth_client.get("/api/v1/goals?status=planned"))] == ["Y"]
    assert ok(auth_client.get("/api/v1/goals?horizon=1y&status=in_progress")) == []


@pytest.mark.parametrize("query", ["horizon=decade", "status=finished", "status=", "horizon="])
def test_list_refuses_values_outside_the_enums(auth_client, query):
    error = err(auth_client.get(f"/api/v1/goals?{query}"), 422, "VALIDATION_ERROR")
    assert query.split("=")[0] in error["fields"]


def test_list_progress_counts_the_goals_steps(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    goal = Goal.objects.get(pk=goal_id)
    StepFactory.create_batch(2, goal=goal, status="done", completed_at="2026-01-01T00:00:00Z")
    StepFactory.create_batch(3, goal=goal)
    StepFactory(goal=GoalFactory(user=auth_client.user))
    items = ok(auth_client.get("/api/v1/goals"))
    assert items[0]["progress"] == {"steps_total": 5, "steps_done": 2}
    assert items[1]["progress"] == {"steps_total": 1, "steps_done": 0}


# --- update


def test_put_becoming_done_sets_completed_at_and_pays_small_goal_xp(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    body = ok(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "done"}, format="json"))
    assert body["status"] == "done" and ISO_Z.match(body["completed_at"])
    assert body["gamification_event"]["reason"] == "goal_done_small"
    assert body["gamification_event"]["xp_awarded"] == 50
    assert body["title"] == "Run a half marathon"  # fields omitted keep their values


def test_put_done_on_a_big_goal_pays_200(auth_client):
    goal_id = create_goals(auth_client, goal_in(size="big"))[0]["id"]
    event = ok(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "done"}, format="json"))["gamification_event"]
    assert event["reason"] == "goal_done_big" and event["xp_awarded"] == 200


def test_completion_xp_is_paid_once_however_often_the_status_toggles(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    url = f"/api/v1/goals/{goal_id}"
    assert ok(auth_client.put(url, {"status": "done"}, format="json"))["gamification_event"] is not None
    total = xp(auth_client.user)
    for status in ("in_progress", "done", "planned", "done", "dropped", "done"):
        body = ok(auth_client.put(url, {"status": status}, format="json"))
        assert body["gamification_event"] is None
        assert (body["completed_at"] is not None) == (status == "done")
    # Even after making it big: paid once per goal, not once per size.
    ok(auth_client.put(url, {"status": "planned", "size": "big"}, format="json"))
    assert ok(auth_client.put(url, {"status": "done"}, format="json"))["gamification_event"] is None
    assert xp(auth_client.user) == total
    assert XPEvent.objects.filter(reason__in=["goal_done_small", "goal_done_big"]).count() == 1


def test_put_leaving_done_clears_completed_at(auth_client):
    goal_id = create_goals(auth_client, goal_in(status="done"))[0]["id"]
    body = ok(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "in_progress"}, format="json"))
    assert body["completed_at"] is None and body["gamification_event"] is None


def test_put_updates_the_writable_fields(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    body = ok(auth_client.put(
        f"/api/v1/goals/{goal_id}",
        goal_in(title="New", area_id="career", horizon="quarter", priority=3, description="d", target_date="2027-01-31", metric="m"),
        format="json",
    ))
    assert (body["title"], body["area_id"], body["horizon"], body["priority"]) == ("New", "career", "quarter", 3)
    assert (body["description"], body["target_date"], body["metric"]) == ("d", "2027-01-31", "m")
    assert body["gamification_event"] is None


def test_put_with_a_bad_value_changes_nothing(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    error = err(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "done", "priority": 0}, format="json"), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"priority"}
    assert Goal.objects.get(pk=goal_id).status == "planned"


def test_put_on_another_users_goal_is_goal_not_found(auth_client, other_client):
    goal_id = create_goals(other_client)[0]["id"]
    err(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "done"}, format="json"), 404, "GOAL_NOT_FOUND")
    assert Goal.objects.get(pk=goal_id).status == "planned"


@pytest.mark.parametrize("goal_id", [uuid.uuid4(), "not-a-uuid"])
def test_put_on_a_missing_goal_is_goal_not_found(auth_client, goal_id):
    err(auth_client.put(f"/api/v1/goals/{goal_id}", {"status": "done"}, format="json"), 404, "GOAL_NOT_FOUND")


def test_put_keeps_an_area_deactivated_after_the_goal_was_made(auth_client):
    goal_id = create_goals(auth_client, goal_in(area_id="leisure"))[0]["id"]
    from apps.areas.models import Area
    from apps.areas.services import area_deactivate

    area_deactivate(area=Area.objects.get(id="leisure"))
    ok(auth_client.put(f"/api/v1/goals/{goal_id}", goal_in(area_id="leisure", title="Still"), format="json"))
    err(auth_client.put(f"/api/v1/goals/{goal_id}", {"area_id": "nowhere"}, format="json"), 422, "VALIDATION_ERROR")


# --- delete


def test_delete_removes_the_goal_and_exactly_its_steps(auth_client):
    goal_id = create_goals(auth_client)[0]["id"]
    goal = Goal.objects.get(pk=goal_id)
    root = StepFactory(goal=goal, level="year")
    child = StepFactory(goal=goal, level="quarter", parent=root)
    StepFactory(goal=goal, level="month", parent=child)
    kept = StepFactory(goal=GoalFactory(user=auth_client.user))
    assert ok(auth_client.delete(f"/api/v1/goals/{goal_id}")) == {"success": True}
    assert not Goal.objects.filter(pk=goal_id).exists()
    assert list(Step.objects.values_list("pk", flat=True)) == [kept.pk]


def test_delete_another_users_goal_is_goal_not_found(auth_client, other_client):
    goal_id = create_goals(other_client)[0]["id"]
    err(auth_client.delete(f"/api/v1/goals/{goal_id}"), 404, "GOAL_NOT_FOUND")
    assert Goal.objects.filter(pk=goal_id).exists()


def test_endpoints_need_authentication(api_client):
    err(api_client.get("/api/v1/goals"), 401, "AUTH_NOT_AUTHENTICATED")
    err(api_client.post("/api/v1/goals/batch", {"goals": [goal_in()]}, format="json"), 401, "AUTH_NOT_AUTHENTICATED")


def test_trailing_slash_works(auth_client):
    ok(auth_client.post("/api/v1/goals/batch/", {"goals": [goal_in()]}, format="json"))
    assert len(ok(auth_client.get("/api/v1/goals/"))) == 1


def test_errors_are_in_the_users_language(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save(update_fields=["locale"])
    assert err(auth_client.put(f"/api/v1/goals/{uuid.uuid4()}", {}, format="json"), 404, "GOAL_NOT_FOUND")["message"] == "Цель не найдена."
    assert err(auth_client.delete(f"/api/v1/steps/{uuid.uuid4()}"), 404, "STEP_NOT_FOUND")["message"] == "Шаг не найден."
    goals = [goal_in(area_id="nowhere")]
    error = err(auth_client.post("/api/v1/goals/batch", {"goals": goals}, format="json"), 422, "VALIDATION_ERROR")
    assert error["fields"]["goals.0.area_id"] == ["Неизвестная или неактивная сфера."]


def test_a_failure_after_the_insert_saves_nothing(monkeypatch):
    """The batch and its XP are one transaction: an error at the end rolls the goals back."""
    from rest_framework.test import APIClient

    from apps.goals import services
    from tests.accounts.factories import UserFactory
    from tests.conftest import client_for

    def boom(**kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr(services, "xp_award_many", boom)
    client = client_for(UserFactory())
    safe = APIClient(raise_request_exception=False)
    safe.credentials(HTTP_AUTHORIZATION=f"Bearer {client.tokens['access_token']}")
    err(safe.post("/api/v1/goals/batch", {"goals": [goal_in(title=f"G{i}") for i in range(50)]}, format="json"), 500, "INTERNAL_ERROR")
    assert not Goal.objects.exists()
