"""Steps through the API: batch trees, list, update (step XP once), delete subtrees."""

import uuid

import pytest

from apps.gamification.models import XPEvent
from apps.steps.models import Step
from tests.goals.factories import GoalFactory
from tests.goals.helpers import err, ok

from .factories import StepFactory

pytestmark = pytest.mark.django_db

STEP_FIELDS = {
    "id", "goal_id", "parent_id", "level", "title", "description", "status", "planned_date", "order_index",
    "completed_at", "created_at", "updated_at",
}
LEVELS = ["year", "quarter", "month", "week", "day"]


@pytest.fixture
def goal(auth_client):
    return GoalFactory(user=auth_client.user)


def batch(client, steps):
    return client.post("/api/v1/steps/batch", {"steps": steps}, format="json")


def chain(goal_id, levels=LEVELS):
    """A parent → child chain through refs, widest level first."""
    return [
        {"ref": level, "parent_ref": levels[i - 1] if i else None, "goal_id": str(goal_id), "level": level,
         "title": f"{level} step", "planned_date": f"2027-0{i + 1}-0{i + 1}"}
        for i, level in enumerate(levels)
    ]


# --- batch


def test_five_level_tree_is_saved_in_one_batch_and_read_back_in_order(auth_client, goal):
    saved = ok(batch(auth_client, chain(goal.id)))
    assert [s["level"] for s in saved] == LEVELS
    assert set(saved[0]) == STEP_FIELDS
    assert saved[0]["parent_id"] is None
    for parent, child in zip(saved, saved[1:], strict=False):
        assert child["parent_id"] == parent["id"]
    listed = ok(auth_client.get(f"/api/v1/steps?goal_id={goal.id}"))
    assert [s["id"] for s in listed] == [s["id"] for s in saved]


def test_batch_may_attach_to_an_existing_step_of_the_same_goal(auth_client, goal):
    year = StepFactory(goal=goal, level="year")
    saved = ok(batch(auth_client, [
        {"ref": "q", "goal_id": str(goal.id), "parent_id": str(year.id), "level": "quarter", "title": "Q1"},
        {"parent_ref": "q", "goal_id": str(goal.id), "level": "month", "title": "M1"},
        {"parent_ref": "q", "goal_id": str(goal.id), "level": "month", "title": "M2"},
    ]))
    assert saved[0]["parent_id"] == str(year.id)
    assert saved[1]["parent_id"] == saved[2]["parent_id"] == saved[0]["id"]
    assert [s["order_index"] for s in saved] == [0, 0, 1]  # position among siblings by default


def test_batch_order_index_given_is_kept(auth_client, goal):
    saved = ok(batch(auth_client, [{"goal_id": str(goal.id), "level": "week", "title": "W", "order_index": 7}]))
    assert saved[0]["order_index"] == 7


def test_batch_done_item_gets_completed_at(auth_client, goal):
    saved = ok(batch(auth_client, [{"goal_id": str(goal.id), "level": "day", "title": "D", "status": "done"}]))
    assert saved[0]["completed_at"] is not None


def test_batch_child_at_the_same_level_as_its_parent_is_refused(auth_client, goal):
    items = chain(goal.id, ["year", "quarter"]) + [{"parent_ref": "quarter", "goal_id": str(goal.id), "level": "quarter", "title": "x"}]
    error = err(batch(auth_client, items), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"steps.2.level"}
    assert not Step.objects.exists()


def test_batch_child_wider_than_an_existing_parent_is_refused(auth_client, goal):
    month = StepFactory(goal=goal, level="month")
    error = err(batch(auth_client, [{"goal_id": str(goal.id), "parent_id": str(month.id), "level": "year", "title": "x"}]), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"steps.0.level"}
    assert Step.objects.count() == 1


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda items: items[1].update(parent_ref="day"), "steps.1.parent_ref"),  # refers forward: a cycle
        (lambda items: items[2].update(parent_ref="month"), "steps.2.parent_ref"),  # refers to itself
        (lambda items: items[3].update(ref="year"), "steps.3.ref"),  # duplicate ref
        (lambda items: items[4].update(parent_ref="nope"), "steps.4.parent_ref"),
        (lambda items: items[1].update(parent_id=str(uuid.uuid4())), "steps.1.parent_ref"),  # both parents given
    ],
)
def test_batch_bad_references_are_refused_and_nothing_saved(auth_client, goal, mutate, field):
    items = chain(goal.id)
    mutate(items)
    error = err(batch(auth_client, items), 422, "VALIDATION_ERROR")
    assert field in error["fields"]
    assert not Step.objects.exists()


def test_batch_with_another_users_goal_is_goal_not_found(auth_client, goal):
    foreign = GoalFactory()
    items = chain(goal.id, ["year", "quarter"]) + [{"goal_id": str(foreign.id), "level": "month", "title": "x"}]
    error = err(batch(auth_client, items), 404, "GOAL_NOT_FOUND")
    assert set(error["fields"]) == {"steps.2.goal_id"}
    assert not Step.objects.exists()


def test_batch_with_a_missing_goal_is_goal_not_found(auth_client):
    err(batch(auth_client, [{"goal_id": str(uuid.uuid4()), "level": "month", "title": "x"}]), 404, "GOAL_NOT_FOUND")


def test_batch_with_another_users_parent_is_step_not_found(auth_client, goal):
    foreign_parent = StepFactory(level="year")
    error = err(batch(auth_client, [{"goal_id": str(goal.id), "parent_id": str(foreign_parent.id), "level": "month", "title": "x"}]), 404, "STEP_NOT_FOUND")
    assert set(error["fields"]) == {"steps.0.parent_id"}
    assert Step.objects.count() == 1


def test_batch_parent_of_another_goal_of_the_caller_is_refused(auth_client, goal):
    other_goal_step = StepFactory(goal=GoalFactory(user=auth_client.user), level="year")
    error = err(batch(auth_client, [{"goal_id": str(goal.id), "parent_id": str(other_goal_step.id), "level": "month", "title": "x"}]), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"steps.0.parent_id"}
    items = chain(goal.id, ["year"]) + [{"parent_ref": "year", "goal_id": str(other_goal_step.goal_id), "level": "month", "title": "x"}]
    error = err(batch(auth_client, items), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"steps.1.parent_ref"}
    assert Step.objects.count() == 1


def test_batch_item_validation_names_the_item(auth_client, goal):
    items = chain(goal.id)
    items[3]["level"] = "decade"
    items[4]["title"] = ""
    error = err(batch(auth_client, items), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"steps.3.level", "steps.4.title"}
    assert not Step.objects.exists()


@pytest.mark.parametrize("steps", [[], None, "x"])
def test_batch_needs_at_least_one_item(auth_client, steps):
    err(batch(auth_client, steps), 422, "VALIDATION_ERROR")


# --- list


def test_list_shows_only_own_steps_and_filters(auth_client, goal):
    StepFactory(goal=goal, level="year", title="Y")
    StepFactory(goal=goal, level="month", title="M", status="in_progress")
    StepFactory(goal=GoalFactory(user=auth_client.user), level="month", title="Other goal")
    StepFactory(level="month", title="Theirs")
    titles = lambda q: [s["title"] for s in ok(auth_client.get(f"/api/v1/steps{q}"))]  # noqa: E731
    assert titles("") == ["Y", "M", "Other goal"]
    assert titles(f"?goal_id={goal.id}") == ["Y", "M"]
    assert titles("?level=month") == ["M", "Other goal"]
    assert titles("?status=in_progress") == ["M"]
    assert titles(f"?goal_id={StepFactory(level='day').goal_id}") == []  # another user's goal: nothing


@pytest.mark.parametrize("query", ["level=decade", "status=finished", "level=", "goal_id=nope"])
def test_list_refuses_unknown_level_status_or_malformed_goal_id(auth_client, query):
    error = err(auth_client.get(f"/api/v1/steps?{query}"), 422, "VALIDATION_ERROR")
    assert query.split("=")[0] in error["fields"]


def test_list_orders_by_level_then_planned_date(auth_client, goal):
    StepFactory(goal=goal, level="day", title="d2", planned_date="2027-01-02")
    StepFactory(goal=goal, level="day", title="d-none")
    StepFactory(goal=goal, level="day", title="d1", planned_date="2027-01-01")
    StepFactory(goal=goal, level="week", title="w")
    assert [s["title"] for s in ok(auth_client.get("/api/v1/steps"))] == ["w", "d1", "d2", "d-none"]


# --- update


def test_put_done_pays_step_xp_once_under_toggling(auth_client, goal):
    step = StepFactory(goal=goal)
    url = f"/api/v1/steps/{step.id}"
    body = ok(auth_client.put(url, {"status": "done"}, format="json"))
    assert body["completed_at"] is not None
    assert body["gamification_event"]["reason"] == "step_done" and body["gamification_event"]["xp_awarded"] == 10
    for status in ("planned", "done", "skipped", "done", "in_progress", "done"):
        body = ok(auth_client.put(url, {"status": status}, format="json"))
        assert body["gamification_event"] is None
        assert (body["completed_at"] is not None) == (status == "done")
    assert XPEvent.objects.filter(reason="step_done").count() == 1


def test_put_updates_fields_and_keeps_the_others(auth_client, goal):
    step = StepFactory(goal=goal, description="keep")
    body = ok(auth_client.put(f"/api/v1/steps/{step.id}", {"title": "New", "planned_date": "2027-03-01", "order_index": 4}, format="json"))
    assert (body["title"], body["planned_date"], body["order_index"], body["description"]) == ("New", "2027-03-01", 4, "keep")
    assert body["gamification_event"] is None


def test_put_moves_a_step_under_a_wider_step_of_the_same_goal(auth_client, goal):
    quarter = StepFactory(goal=goal, level="quarter")
    step = StepFactory(goal=goal, level="month")
    assert ok(auth_client.put(f"/api/v1/steps/{step.id}", {"parent_id": str(quarter.id)}, format="json"))["parent_id"] == str(quarter.id)
    assert ok(auth_client.put(f"/api/v1/steps/{step.id}", {"parent_id": None}, format="json"))["parent_id"] is None


def test_put_refuses_a_cycle(auth_client, goal):
    year = StepFactory(goal=goal, level="year")
    quarter = StepFactory(goal=goal, level="quarter", parent=year)
    err(auth_client.put(f"/api/v1/steps/{year.id}", {"parent_id": str(quarter.id)}, format="json"), 422, "VALIDATION_ERROR")
    err(auth_client.put(f"/api/v1/steps/{year.id}", {"parent_id": str(year.id)}, format="json"), 422, "VALIDATION_ERROR")
    err(auth_client.put(f"/api/v1/steps/{year.id}", {"parent_id": str(quarter.id), "level": "month"}, format="json"), 422, "VALIDATION_ERROR")
    assert Step.objects.get(pk=year.pk).parent_id is None and Step.objects.get(pk=year.pk).level == "year"


def test_put_refuses_a_level_not_between_parent_and_children(auth_client, goal):
    year = StepFactory(goal=goal, level="year")
    month = StepFactory(goal=goal, level="month", parent=year)
    StepFactory(goal=goal, level="week", parent=month)
    assert set(err(auth_client.put(f"/api/v1/steps/{month.id}", {"level": "year"}, format="json"), 422, "VALIDATION_ERROR")["fields"]) == {"level"}
    assert set(err(auth_client.put(f"/api/v1/steps/{month.id}", {"level": "day"}, format="json"), 422, "VALIDATION_ERROR")["fields"]) == {"level"}
    assert ok(auth_client.put(f"/api/v1/steps/{month.id}", {"level": "quarter"}, format="json"))["level"] == "quarter"


def test_put_refuses_another_goal_and_foreign_parent(auth_client, goal):
    step = StepFactory(goal=goal, level="month")
    other_goal = GoalFactory(user=auth_client.user)
    assert set(err(auth_client.put(f"/api/v1/steps/{step.id}", {"goal_id": str(other_goal.id)}, format="json"), 422, "VALIDATION_ERROR")["fields"]) == {"goal_id"}
    foreign_parent = StepFactory(level="year")
    error = err(auth_client.put(f"/api/v1/steps/{step.id}", {"parent_id": str(foreign_parent.id)}, format="json"), 404, "STEP_NOT_FOUND")
    assert set(error["fields"]) == {"parent_id"}
    other_goal_parent = StepFactory(goal=other_goal, level="year")
    err(auth_client.put(f"/api/v1/steps/{step.id}", {"parent_id": str(other_goal_parent.id)}, format="json"), 422, "VALIDATION_ERROR")
    assert Step.objects.get(pk=step.pk).parent_id is None


@pytest.mark.parametrize("body", [{"status": "finished"}, {"title": ""}, {"order_index": -1}, {"level": "decade"}])
def test_put_with_a_bad_value_changes_nothing(auth_client, goal, body):
    step = StepFactory(goal=goal, title="Same")
    err(auth_client.put(f"/api/v1/steps/{step.id}", body, format="json"), 422, "VALIDATION_ERROR")
    assert Step.objects.get(pk=step.pk).title == "Same"


def test_put_another_users_step_is_step_not_found(auth_client):
    step = StepFactory()
    err(auth_client.put(f"/api/v1/steps/{step.id}", {"status": "done"}, format="json"), 404, "STEP_NOT_FOUND")
    err(auth_client.put("/api/v1/steps/not-a-uuid", {"status": "done"}, format="json"), 404, "STEP_NOT_FOUND")
    assert Step.objects.get(pk=step.pk).status == "planned"


# --- delete


def test_delete_removes_exactly_the_subtree(auth_client, goal):
    saved = ok(batch(auth_client, chain(goal.id)))
    sibling = StepFactory(goal=goal, level="quarter", parent_id=saved[0]["id"])
    assert ok(auth_client.delete(f"/api/v1/steps/{saved[2]['id']}")) == {"success": True}  # the month
    remaining = set(Step.objects.values_list("pk", flat=True))
    assert remaining == {uuid.UUID(saved[0]["id"]), uuid.UUID(saved[1]["id"]), sibling.pk}


def test_delete_another_users_step_is_step_not_found(auth_client):
    step = StepFactory()
    err(auth_client.delete(f"/api/v1/steps/{step.id}"), 404, "STEP_NOT_FOUND")
    err(auth_client.delete(f"/api/v1/steps/{uuid.uuid4()}"), 404, "STEP_NOT_FOUND")
    assert Step.objects.filter(pk=step.pk).exists()
