"""GET /rituals/weekly/plan-suggestion and POST /rituals/weekly/commit."""

import uuid
from datetime import date

import pytest
from django.utils import timezone

from apps.steps.models import Step
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.goals.factories import GoalFactory
from tests.steps.factories import StepFactory

from .helpers import at, err, ok

pytestmark = pytest.mark.django_db

SUGGEST = "/api/v1/rituals/weekly/plan-suggestion"
COMMIT = "/api/v1/rituals/weekly/commit"


def commit(client, ids):
    return client.post(COMMIT, {"next_week_step_ids": [str(i) for i in ids]}, format="json")


def test_suggestion_is_open_unplanned_quarter_and_month_steps(auth_client):
    goal = GoalFactory(user=auth_client.user)
    month = StepFactory(goal=goal, level="month", order_index=1)
    quarter = StepFactory(goal=goal, level="quarter", order_index=5)
    in_progress = StepFactory(goal=goal, level="month", status="in_progress", order_index=2)
    StepFactory(goal=goal, level="month", planned_date=date(2026, 12, 3))
    StepFactory(goal=goal, level="month", status="done", completed_at=timezone.now())
    StepFactory(goal=goal, level="month", status="skipped")
    StepFactory(goal=goal, level="week")
    StepFactory(goal=goal, level="day")
    StepFactory(goal=goal, level="year")
    StepFactory(goal=GoalFactory(), level="month")  # another user's
    items = ok(auth_client.get(SUGGEST))
    assert [i["id"] for i in items] == [str(quarter.id), str(month.id), str(in_progress.id)]
    assert set(items[0]) == {
        "id", "goal_id", "parent_id", "level", "title", "description", "status", "planned_date",
        "order_index", "completed_at", "created_at", "updated_at",
    }


def test_suggestion_without_steps_is_empty(auth_client):
    assert ok(auth_client.get(SUGGEST)) == []


@pytest.mark.parametrize("count", [1, 60])
def test_suggestion_query_count_is_fixed(auth_client, django_assert_num_queries, count):
    goal = GoalFactory(user=auth_client.user)
    StepFactory.create_batch(count, goal=goal)
    with django_assert_num_queries(2):  # session, steps
        assert len(ok(auth_client.get(SUGGEST))) == count


def test_commit_plans_the_steps_into_next_local_week_in_order(db):
    with at("Pacific/Kiritimati", 2026, 12, 6, 10, 0):  # Sunday 6 Dec local; still Saturday in UTC
        user = UserFactory(time_zone="Pacific/Kiritimati")
        goal = GoalFactory(user=user)
        steps = StepFactory.create_batch(3, goal=goal, level="month", status="in_progress")
        items = ok(commit(client_for(user), [steps[2].id, steps[0].id, steps[1].id]))
    assert [i["id"] for i in items] == [str(steps[2].id), str(steps[0].id), str(steps[1].id)]
    # Monday 7 Dec is next week for this user; 3 steps over 7 days: Mon, Wed, Fri.
    assert [i["planned_date"] for i in items] == ["2026-12-07", "2026-12-09", "2026-12-11"]
    assert {i["status"] for i in items} == {"planned"}
    saved = {str(s.id): (s.planned_date, s.status) for s in Step.objects.all()}
    assert saved[str(steps[2].id)] == (date(2026, 12, 7), "planned")
    assert saved[str(steps[1].id)] == (date(2026, 12, 11), "planned")


def test_commit_spreads_many_steps_over_the_week(db):
    with at("UTC", 2026, 12, 2, 10, 0):
        user = UserFactory()
        steps = StepFactory.create_batch(14, goal=GoalFactory(user=user))
        items = ok(commit(client_for(user), [s.id for s in steps]))
    dates = [i["planned_date"] for i in items]
    assert dates == sorted(dates)
    assert {d: dates.count(d) for d in dates} == {f"2026-12-{d:02d}": 2 for d in range(7, 14)}


def test_committed_steps_leave_the_suggestion(auth_client):
    goal = GoalFactory(user=auth_client.user)
    chosen, other = StepFactory(goal=goal), StepFactory(goal=goal)
    ok(commit(auth_client, [chosen.id]))
    assert [i["id"] for i in ok(auth_client.get(SUGGEST))] == [str(other.id)]


def test_duplicates_count_once(auth_client):
    step = StepFactory(goal=GoalFactory(user=auth_client.user))
    items = ok(commit(auth_client, [step.id, step.id]))
    assert [i["id"] for i in items] == [str(step.id)]


def test_empty_list_is_404(auth_client):
    err(commit(auth_client, []), 404, "RITUALS_STEPS_NOT_FOUND")


def test_another_users_step_is_404_like_a_missing_one_and_nothing_changes(auth_client):
    mine = StepFactory(goal=GoalFactory(user=auth_client.user))
    foreign = StepFactory(goal=GoalFactory())
    missing = uuid.uuid4()
    foreign_error = err(commit(auth_client, [mine.id, foreign.id]), 404, "RITUALS_STEPS_NOT_FOUND")
    missing_error = err(commit(auth_client, [mine.id, missing]), 404, "RITUALS_STEPS_NOT_FOUND")
    assert foreign_error["details"] == {"step_ids": [str(foreign.id)]}
    assert missing_error["details"] == {"step_ids": [str(missing)]}
    assert foreign_error["message"] == missing_error["message"]
    assert Step.objects.get(pk=mine.pk).planned_date is None
    foreign.refresh_from_db()
    assert (foreign.planned_date, foreign.status) == (None, "planned")


@pytest.mark.parametrize("status", ["done", "skipped"])
def test_a_done_or_skipped_step_is_not_committed(auth_client, status):
    step = StepFactory(
        goal=GoalFactory(user=auth_client.user), status=status, completed_at=timezone.now() if status == "done" else None
    )
    err(commit(auth_client, [step.id]), 404, "RITUALS_STEPS_NOT_FOUND")
    step.refresh_from_db()
    assert (step.status, step.planned_date) == (status, None)


def test_an_already_planned_step_can_be_moved_to_next_week(db):
    with at("UTC", 2026, 12, 2, 10, 0):
        user = UserFactory()
        step = StepFactory(goal=GoalFactory(user=user), level="week", planned_date=date(2026, 12, 2))
        assert ok(commit(client_for(user), [step.id]))[0]["planned_date"] == "2026-12-07"


@pytest.mark.parametrize(
    "body",
    [{}, {"next_week_step_ids": "abc"}, {"next_week_step_ids": ["not-a-uuid"]}, {"next_week_step_ids": [None]},
     {"next_week_step_ids": [str(uuid.uuid4()) for _ in range(101)]}],
)
def test_bad_input_is_422(auth_client, body):
    error = err(auth_client.post(COMMIT, body, format="json"), 422, "VALIDATION_ERROR")
    assert any(f.startswith("next_week_step_ids") for f in error["fields"])


def test_anonymous_is_401(api_client):
    err(api_client.get(SUGGEST), 401, "AUTH_NOT_AUTHENTICATED")
    err(api_client.post(COMMIT, {"next_week_step_ids": [str(uuid.uuid4())]}, format="json"), 401, "AUTH_NOT_AUTHENTICATED")


@pytest.mark.parametrize("count", [1, 50])
def test_commit_query_count_is_fixed(auth_client, django_assert_max_num_queries, count):
    steps = StepFactory.create_batch(count, goal=GoalFactory(user=auth_client.user))
    with django_assert_max_num_queries(7):  # session, savepoint pair, locked select, bulk update
        assert len(ok(commit(auth_client, [s.id for s in steps]))) == count
