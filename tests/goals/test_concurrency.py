"""Concurrency on PostgreSQL: completion XP is paid once under parallel PUTs."""

import pytest

from apps.gamification.models import XPEvent, XPTotal
from tests.conftest import client_for, postgres_only
from tests.helpers import run_parallel
from tests.steps.factories import StepFactory

from .factories import GoalFactory

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size, reason, xp", [("small", "goal_done_small", 50), ("big", "goal_done_big", 200)])
def test_ten_parallel_puts_setting_done_pay_the_goal_once(user, size, reason, xp):
    goal = GoalFactory(user=user, size=size)
    clients = [client_for(user) for _ in range(10)]
    responses = run_parallel(10, lambda i: clients[i].put(f"/api/v1/goals/{goal.id}", {"status": "done"}, format="json"))
    assert [r.status_code for r in responses] == [200] * 10
    events = [r.json()["result"]["gamification_event"] for r in responses]
    assert sum(event is not None for event in events) == 1
    assert XPEvent.objects.filter(user=user, reason=reason).count() == 1
    assert XPTotal.objects.get(pk=user.pk).xp == xp
    assert len({r.json()["result"]["completed_at"] for r in responses}) == 1


def test_ten_parallel_puts_setting_a_step_done_pay_once(user):
    step = StepFactory(goal=GoalFactory(user=user))
    clients = [client_for(user) for _ in range(10)]
    responses = run_parallel(10, lambda i: clients[i].put(f"/api/v1/steps/{step.id}", {"status": "done"}, format="json"))
    assert [r.status_code for r in responses] == [200] * 10
    assert sum(r.json()["result"]["gamification_event"] is not None for r in responses) == 1
    assert XPEvent.objects.filter(user=user, reason="step_done").count() == 1
    assert XPTotal.objects.get(pk=user.pk).xp == 10


def test_parallel_toggling_pays_the_goal_once(user):
    goal = GoalFactory(user=user)
    clients = [client_for(user) for _ in range(10)]
    statuses = ["done", "planned"] * 5
    responses = run_parallel(
        10, lambda i: clients[i].put(f"/api/v1/goals/{goal.id}", {"status": statuses[i]}, format="json")
    )
    assert [r.status_code for r in responses] == [200] * 10
    assert XPEvent.objects.filter(user=user, reason__in=["goal_done_small", "goal_done_big"]).count() == 1
    assert XPTotal.objects.get(pk=user.pk).xp == 50


def test_goal_delete_racing_step_batches_leaves_no_orphans_and_no_500(user):
    goal = GoalFactory(user=user)
    root = StepFactory(goal=goal, level="year")
    clients = [client_for(user) for _ in range(8)]

    def request(i):
        if i == 0:
            return clients[i].delete(f"/api/v1/goals/{goal.id}")
        items = [{"goal_id": str(goal.id), "parent_id": str(root.id), "level": "month", "title": f"m{i}"}]
        return clients[i].post("/api/v1/steps/batch", {"steps": items}, format="json")

    responses = run_parallel(8, request)
    assert responses[0].status_code == 200
    assert all(r.status_code in (200, 404) for r in responses[1:]), [r.status_code for r in responses]
    from apps.goals.models import Goal
    from apps.steps.models import Step

    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not Step.objects.filter(goal_id=goal.pk).exists()


def test_step_delete_racing_child_batches_leaves_no_orphans_and_no_500(user):
    goal = GoalFactory(user=user)
    root = StepFactory(goal=goal, level="year")
    clients = [client_for(user) for _ in range(8)]

    def request(i):
        if i == 0:
            return clients[i].delete(f"/api/v1/steps/{root.id}")
        items = [{"goal_id": str(goal.id), "parent_id": str(root.id), "level": "month", "title": f"m{i}"}]
        return clients[i].post("/api/v1/steps/batch", {"steps": items}, format="json")

    responses = run_parallel(8, request)
    assert all(r.status_code in (200, 404) for r in responses), [r.status_code for r in responses]
    from apps.steps.models import Step

    assert not Step.objects.filter(goal_id=goal.pk).exists()
