"""SECURITY 50 (issue 22, finding 5): every date a request carries lies in its window
(apps/core/validation.py: PLAN_DATES today − 10 years .. today + 30 years; dates of birth
1900-01-01 .. today; the esoterics day 1900..2200), each checked on its own BEFORE any
arithmetic: 422 with the field's path, never a 500, and no AI job or quota charged. A plan
spans at most three years whichever of its bounds is given."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.ai.models import AIJob
from apps.goals.models import Goal
from apps.steps.models import Step
from tests.goals.factories import GoalFactory
from tests.goals.helpers import err, goal_in, ok, text_used

pytestmark = pytest.mark.django_db

GENERATE = "/api/v1/steps/generate"


def days_from_today(days: int) -> str:
    return (timezone.now().date() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("bounds", "path"),
    [
        ({"start_date": "9999-06-01"}, "year_bounds.start_date"),  # was 500: year 10000 is out of range
        ({"end_date": "9999-12-31"}, "year_bounds.end_date"),  # was accepted and charged
        ({"start_date": "9999-12-30", "end_date": "9999-12-31"}, "year_bounds.start_date"),  # was 502 from the job
        ({"start_date": "0001-01-01"}, "year_bounds.start_date"),
        ({"end_date": days_from_today(4 * 366)}, "year_bounds.end_date"),  # the cap without a start
        ({"start_date": days_from_today(-20), "end_date": days_from_today(3 * 366)}, "year_bounds.end_date"),
    ],
)
def test_plan_bounds_outside_their_window_are_422_and_call_no_ai(auth_client, bounds, path):
    goal = GoalFactory(user=auth_client.user)
    response = auth_client.post(GENERATE, {"goal_ids": [str(goal.id)], "year_bounds": bounds}, format="json")
    error = err(response, 422, "VALIDATION_ERROR")
    assert path in error["fields"], error["fields"]
    assert not AIJob.objects.exists()
    assert text_used(auth_client.user) == 0


def test_a_plan_inside_the_window_is_generated(auth_client):
    goal = GoalFactory(user=auth_client.user)
    bounds = {"end_date": days_from_today(2 * 365)}
    assert ok(auth_client.post(GENERATE, {"goal_ids": [str(goal.id)], "year_bounds": bounds}, format="json"))["steps"]


@pytest.mark.parametrize("target_date", ["9999-12-31", "0001-01-01", days_from_today(-11 * 366), days_from_today(31 * 366)])
def test_a_goal_target_date_outside_the_window_is_422(auth_client, target_date):
    response = auth_client.post("/api/v1/goals/batch", {"goals": [goal_in(target_date=target_date)]}, format="json")
    assert "goals.0.target_date" in err(response, 422, "VALIDATION_ERROR")["fields"]
    assert not Goal.objects.exists()


def test_a_goal_target_date_far_but_inside_the_window_is_saved(auth_client):
    ok(auth_client.post("/api/v1/goals/batch", {"goals": [goal_in(target_date=days_from_today(29 * 365))]}, format="json"))


def test_a_step_planned_date_outside_the_window_is_422(auth_client):
    goal = GoalFactory(user=auth_client.user)
    step = {"goal_id": str(goal.id), "level": "year", "title": "Year", "planned_date": "9999-12-31"}
    response = auth_client.post("/api/v1/steps/batch", {"steps": [step]}, format="json")
    assert "steps.0.planned_date" in err(response, 422, "VALIDATION_ERROR")["fields"]
    assert not Step.objects.exists()


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/v1/rituals/entries?from=0001-01-01", "from"),
        ("/api/v1/rituals/entries?to=9999-12-31", "to"),
        ("/api/v1/esoterics/today?date=2201-01-01", "date"),
        ("/api/v1/esoterics/today?date=1899-12-31", "date"),
    ],
)
def test_query_dates_outside_their_window_are_422(auth_client, url, path):
    assert path in err(auth_client.get(url), 422, "VALIDATION_ERROR")["fields"]


@pytest.mark.parametrize("born", ["1899-12-31", "9999-12-31"])
def test_a_date_of_birth_outside_its_window_is_422(auth_client, born):
    error = err(auth_client.put("/api/v1/me", {"date_of_birth": born}, format="json"), 422, "VALIDATION_ERROR")
    assert "date_of_birth" in error["fields"]
    auth_client.user.refresh_from_db()
    assert auth_client.user.date_of_birth is None
