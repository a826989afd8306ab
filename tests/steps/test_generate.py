"""POST /steps/generate with the offline backend: a hierarchical plan per goal, each level
inside its parent's period, day steps respecting the load hint; nothing saved."""

import uuid
from datetime import date, timedelta

import pytest

from apps.core.dates import add_months
from apps.limits.models import QuotaCharge
from apps.steps.ai import period_end
from apps.steps.models import LEVEL_RANK, Step
from tests.goals.factories import GoalFactory
from tests.goals.helpers import err, ok, text_used

from .factories import StepFactory

pytestmark = pytest.mark.django_db

GENERATE = "/api/v1/steps/generate"
BOUNDS = {"start_date": "2027-01-04", "end_date": "2027-12-31"}  # 4 January 2027 is a Monday


def generate(client, goal_ids, **body):
    return client.post(GENERATE, {"goal_ids": [str(g) for g in goal_ids], **body}, format="json")


def assert_valid_tree(steps, start: date, end: date):
    by_ref = {}
    for step in steps:
        day = date.fromisoformat(step["planned_date"])
        assert start <= day <= end
        if step["parent_ref"] is not None:
            parent = by_ref[step["parent_ref"]]  # defined earlier
            assert parent["goal_id"] == step["goal_id"]
            assert LEVEL_RANK[step["level"]] > LEVEL_RANK[parent["level"]]
            parent_day = date.fromisoformat(parent["planned_date"])
            assert parent_day <= day <= period_end(parent["level"], parent_day)
        by_ref[step["ref"]] = step


def test_a_year_goal_gets_a_five_level_plan_inside_its_parents_dates(auth_client):
    goal = GoalFactory(user=auth_client.user, horizon="1y", title="Run a marathon")
    steps = ok(generate(auth_client, [goal.id], year_bounds=BOUNDS))["steps"]
    assert_valid_tree(steps, date(2027, 1, 4), date(2027, 12, 31))
    levels = [s["level"] for s in steps]
    assert levels.count("year") == 1 and levels.count("quarter") == 4 and levels.count("month") == 3
    assert levels.count("week") == 4 and levels.count("day") == 3
    assert all(s["goal_id"] == str(goal.id) for s in steps)
    assert "Run a marathon" in steps[0]["title"]
    assert not Step.objects.exists()
    assert text_used(auth_client.user) == 1


@pytest.mark.parametrize(("horizon", "root"), [("3y", "year"), ("quarter", "quarter"), ("month", "month")])
def test_the_root_level_follows_the_horizon(auth_client, horizon, root):
    goal = GoalFactory(user=auth_client.user, horizon=horizon)
    steps = ok(generate(auth_client, [goal.id], year_bounds=BOUNDS))["steps"]
    assert steps[0]["level"] == root and steps[0]["parent_ref"] is None
    assert_valid_tree(steps, date(2027, 1, 4), date(2027, 12, 31))


def test_day_steps_respect_weekdays_and_steps_per_week_with_existing_load(auth_client):
    goals = [GoalFactory(user=auth_client.user, horizon="month") for _ in range(3)]
    # Two day steps already planned in the first week.
    StepFactory(goal=goals[0], level="day", planned_date=date(2027, 1, 5))
    StepFactory(goal=goals[0], level="day", planned_date=date(2027, 1, 6))
    body = {"year_bounds": BOUNDS, "current_load_hint": {"steps_per_week": 3, "weekdays": [2, 4]}}
    steps = ok(generate(auth_client, [g.id for g in goals], **body))["steps"]
    assert_valid_tree(steps, date(2027, 1, 4), date(2027, 12, 31))
    days = [date.fromisoformat(s["planned_date"]) for s in steps if s["level"] == "day"]
    assert len(days) == 9  # three per goal
    assert all(day.isoweekday() in (2, 4) for day in days)
    per_week = {}
    for day in days + [date(2027, 1, 5), date(2027, 1, 6)]:
        per_week[day.isocalendar()[:2]] = per_week.get(day.isocalendar()[:2], 0) + 1
    assert max(per_week.values()) <= 3


def test_the_plan_stops_at_the_goals_target_date(auth_client):
    goal = GoalFactory(user=auth_client.user, horizon="1y", target_date=date(2027, 2, 15))
    steps = ok(generate(auth_client, [goal.id], year_bounds=BOUNDS))["steps"]
    assert_valid_tree(steps, date(2027, 1, 4), date(2027, 2, 15))


def test_default_bounds_are_today_and_a_year_on(auth_client):
    goal = GoalFactory(user=auth_client.user)
    steps = ok(generate(auth_client, [goal.id]))["steps"]
    today = date.fromisoformat(steps[0]["planned_date"])
    assert abs((today - date.today()).days) <= 1
    assert_valid_tree(steps, today, add_months(today, 12) - timedelta(days=1))


def test_several_goals_are_planned_in_the_requested_order(auth_client):
    first, second = GoalFactory(user=auth_client.user, title="A"), GoalFactory(user=auth_client.user, title="B")
    steps = ok(generate(auth_client, [second.id, first.id], year_bounds=BOUNDS))["steps"]
    roots = [s for s in steps if s["parent_ref"] is None]
    assert [r["goal_id"] for r in roots] == [str(second.id), str(first.id)]


def test_the_plan_is_in_the_users_language(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save(update_fields=["locale"])
    goal = GoalFactory(user=auth_client.user, title="Пробежать марафон")
    steps = ok(generate(auth_client, [goal.id], year_bounds=BOUNDS))["steps"]
    assert steps[1]["title"].startswith("Квартал 1")


def test_the_plan_can_be_saved_as_it_is_and_read_back(auth_client):
    goal = GoalFactory(user=auth_client.user)
    steps = ok(generate(auth_client, [goal.id], year_bounds=BOUNDS))["steps"]
    saved = ok(auth_client.post("/api/v1/steps/batch", {"steps": steps}, format="json"))
    assert len(saved) == len(steps) == Step.objects.count()
    by_ref = {s["ref"]: saved[i] for i, s in enumerate(steps)}
    for i, s in enumerate(steps):
        assert saved[i]["parent_id"] == (by_ref[s["parent_ref"]]["id"] if s["parent_ref"] else None)
    progress = ok(auth_client.get("/api/v1/goals"))[0]["progress"]
    assert progress == {"steps_total": len(steps), "steps_done": 0}


def test_another_users_goal_is_steps_goals_not_found_and_charges_nothing(auth_client):
    mine, theirs = GoalFactory(user=auth_client.user), GoalFactory()
    error = err(generate(auth_client, [mine.id, theirs.id]), 404, "STEPS_GOALS_NOT_FOUND")
    assert error["details"] == {"goal_ids": [str(theirs.id)]}
    err(generate(auth_client, [uuid.uuid4()]), 404, "STEPS_GOALS_NOT_FOUND")
    assert text_used(auth_client.user) == 0 and not QuotaCharge.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"goal_ids": []},
        {"goal_ids": [str(uuid.uuid4()) for _ in range(11)]},
        {"goal_ids": ["nope"]},
        {},
        {"goal_ids": [str(uuid.uuid4())], "current_load_hint": {"steps_per_week": 0}},
        {"goal_ids": [str(uuid.uuid4())], "current_load_hint": {"weekdays": [8]}},
        {"goal_ids": [str(uuid.uuid4())], "year_bounds": {"start_date": "2027-05-01", "end_date": "2027-04-01"}},
        {"goal_ids": [str(uuid.uuid4())], "year_bounds": {"start_date": "2027-01-01", "end_date": "2031-01-01"}},
    ],
)
def test_bad_input_is_422_and_charges_nothing(auth_client, body):
    err(auth_client.post(GENERATE, body, format="json"), 422, "VALIDATION_ERROR")
    assert text_used(auth_client.user) == 0


def test_quota_exceeded_is_403(auth_client, settings):
    settings.QUOTA_LIMITS = {**settings.QUOTA_LIMITS, "free": {"text": 0, "image": 0}}
    goal = GoalFactory(user=auth_client.user)
    err(generate(auth_client, [goal.id]), 403, "QUOTA_EXCEEDED")
