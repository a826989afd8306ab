"""Query counts of the goals and steps lists stay fixed with 1 and 200 rows; progress is
computed in the list's own query."""

import pytest

from apps.goals.models import Goal
from apps.steps.models import Step
from tests.steps.factories import StepFactory

from .factories import GoalFactory, default_area
from .helpers import create_goals, goal_in, ok

pytestmark = pytest.mark.django_db

# auth (one query: the session joined with its user) + the whole list in one query (progress
# included; no COUNT: the answer has no pagination). The same for 1 or 200 rows.
LIST_QUERIES = 2


def many_goals(user, count):
    area = default_area()
    goals = Goal.objects.bulk_create([Goal(user=user, area=area, title=f"G{i}", horizon="1y") for i in range(count)])
    Step.objects.bulk_create([Step(user=user, goal=goal, level="month", title="s") for goal in goals])
    return goals


@pytest.mark.parametrize("count", [1, 200])
def test_goal_list_query_count_is_fixed(auth_client, django_assert_num_queries, count):
    many_goals(auth_client.user, count)
    with django_assert_num_queries(LIST_QUERIES):
        items = ok(auth_client.get("/api/v1/goals"))
    assert len(items) == count
    assert all(item["progress"] == {"steps_total": 1, "steps_done": 0} for item in items)


@pytest.mark.parametrize("count", [1, 200])
def test_step_list_query_count_is_fixed(auth_client, django_assert_num_queries, count):
    goal = GoalFactory(user=auth_client.user)
    Step.objects.bulk_create([Step(user=auth_client.user, goal=goal, level="day", title=f"s{i}") for i in range(count)])
    with django_assert_num_queries(LIST_QUERIES):
        items = ok(auth_client.get(f"/api/v1/steps?goal_id={goal.id}"))
    assert len(items) == count


@pytest.mark.parametrize("count", [1, 50])
def test_goal_batch_query_count_does_not_grow_with_the_batch(auth_client, django_assert_max_num_queries, count):
    # auth, areas (seeded on the first read), INSERT, the XP award (fixed; creates the XP total), savepoints
    with django_assert_max_num_queries(16):
        ok(auth_client.post("/api/v1/goals/batch", {"goals": [goal_in(title=f"G{i}") for i in range(count)]}, format="json"))


@pytest.mark.parametrize("count", [1, 200])
def test_step_batch_query_count_does_not_grow_with_the_batch(auth_client, django_assert_max_num_queries, count):
    goal = GoalFactory(user=auth_client.user)
    parent = StepFactory(goal=goal, level="year")
    items = [{"goal_id": str(goal.id), "parent_id": str(parent.id), "level": "day", "title": f"d{i}"} for i in range(count)]
    with django_assert_max_num_queries(8):  # auth, goals owned, parents, SAVEPOINT, INSERT(s), RELEASE
        assert len(ok(auth_client.post("/api/v1/steps/batch", {"steps": items}, format="json"))) == count


def test_put_and_delete_query_counts(auth_client, django_assert_max_num_queries):
    goal = many_goals(auth_client.user, 1)[0]
    with django_assert_max_num_queries(18):  # read, lock, update, XP award (first one: creates the total)
        ok(auth_client.put(f"/api/v1/goals/{goal.id}", {"status": "done"}, format="json"))
    step = StepFactory(goal=goal)
    with django_assert_max_num_queries(16):
        ok(auth_client.put(f"/api/v1/steps/{step.id}", {"status": "done"}, format="json"))
    with django_assert_max_num_queries(12):
        ok(auth_client.delete(f"/api/v1/goals/{goal.id}"))


def test_list_dicts_match_the_documented_serializers(auth_client):
    """The hot lists build plain dicts; they must say exactly what the public serializers say."""
    from apps.goals.api.serializers import GoalPublicSerializer
    from apps.goals.selectors import goal_list
    from apps.steps.api.serializers import StepPublicSerializer
    from apps.steps.models import Step

    goals = create_goals(auth_client, goal_in(), goal_in(title="Learn Spanish", target_date="2027-06-01"))
    step = Step.objects.create(user=auth_client.user, goal_id=goals[0]["id"], level="year", title="Year one")
    ok(auth_client.put(f"/api/v1/steps/{step.id}", {"status": "done", "planned_date": "2027-01-05"}, format="json"))
    listed_goals = ok(auth_client.get("/api/v1/goals"))
    listed_steps = ok(auth_client.get("/api/v1/steps"))
    assert listed_goals == GoalPublicSerializer(goal_list(user=auth_client.user), many=True).data
    assert listed_steps == StepPublicSerializer(Step.objects.filter(user=auth_client.user), many=True).data
    assert listed_goals[0]["progress"] == {"steps_total": 1, "steps_done": 1}


def test_list_text_written_by_the_database_matches_python_on_edge_values(auth_client):
    """apps/core/sqlread.py text columns: on PostgreSQL the lists' ids, dates and timestamps are written by
    the database; a whole second (no microseconds), a non-UTC session value and a far date
    must read exactly as the serializers write them."""
    import datetime as dt

    from apps.goals.api.serializers import GoalPublicSerializer
    from apps.goals.selectors import goal_list
    from apps.steps.api.serializers import StepPublicSerializer

    whole = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
    micro = dt.datetime(2026, 3, 1, 23, 59, 59, 1, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    goal = GoalFactory(user=auth_client.user, status="done", completed_at=micro, target_date=dt.date(2999, 12, 31))
    Goal.objects.filter(pk=goal.pk).update(created_at=whole, updated_at=micro)
    step = StepFactory(goal=goal, level="day", planned_date=dt.date(2026, 1, 9), status="done", completed_at=whole)
    Step.objects.filter(pk=step.pk).update(created_at=micro, updated_at=whole)
    listed_goals, listed_steps = ok(auth_client.get("/api/v1/goals")), ok(auth_client.get("/api/v1/steps"))
    assert listed_goals == GoalPublicSerializer(goal_list(user=auth_client.user), many=True).data
    assert listed_steps == StepPublicSerializer(Step.objects.filter(user=auth_client.user), many=True).data
    assert listed_goals[0]["created_at"] == "2026-03-01T12:00:00Z"
    assert listed_goals[0]["updated_at"] == "2026-03-01T18:59:59.000001Z"
    assert listed_steps[0]["planned_date"] == "2026-01-09" and listed_steps[0]["parent_id"] is None


def test_a_compiled_list_query_serves_each_caller_their_own_rows(auth_client, other_client):
    """apps/core/sqlread.py compiles each list shape once (on PostgreSQL) and swaps in the
    caller's ids: callers of the same shape never see each other's rows."""
    mine = GoalFactory(user=auth_client.user, horizon="1y")
    theirs = GoalFactory(user=other_client.user, horizon="1y")
    StepFactory(goal=mine, title="mine")
    StepFactory(goal=theirs, title="theirs")
    for _round in range(2):
        assert [g["id"] for g in ok(auth_client.get("/api/v1/goals?horizon=1y"))] == [str(mine.id)]
        assert [g["id"] for g in ok(other_client.get("/api/v1/goals?horizon=1y"))] == [str(theirs.id)]
        assert [s["title"] for s in ok(auth_client.get(f"/api/v1/steps?goal_id={mine.id}"))] == ["mine"]
        assert ok(auth_client.get(f"/api/v1/steps?goal_id={theirs.id}")) == []
        assert [s["title"] for s in ok(other_client.get(f"/api/v1/steps?goal_id={theirs.id}"))] == ["theirs"]
