"""Django admin of goals and steps (through the services), the personal-data export and
DELETE /me."""

import pytest

from apps.gamification.models import XPEvent
from apps.goals.models import Goal
from apps.steps.models import Step
from tests.accounts.conftest import PASSWORD
from tests.accounts.factories import UserFactory
from tests.steps.factories import StepFactory

from .factories import GoalFactory
from .helpers import ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_goal_admin_changelist_filters_search_and_change_view(admin_site):
    goal = GoalFactory(title="Climb Elbrus")
    GoalFactory.create_batch(3)
    assert "Climb Elbrus" in admin_site.get("/admin/goals/goal/").content.decode()
    assert admin_site.get(f"/admin/goals/goal/?q={goal.user.email}&status__exact=planned&horizon__exact=1y").status_code == 200
    assert admin_site.get(f"/admin/goals/goal/{goal.id}/change/").status_code == 200
    assert admin_site.get("/admin/goals/goal/add/").status_code == 403


def test_goal_admin_edit_goes_through_the_service(admin_site):
    goal = GoalFactory(title="Climb Elbrus")
    form = {
        "area": "health", "title": "Climb Kazbek", "description": "", "horizon": "1y", "status": "done",
        "priority": "2", "size": "small", "target_date": "", "metric": "", "source": "manual",
    }
    response = admin_site.post(f"/admin/goals/goal/{goal.id}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    goal.refresh_from_db()
    assert goal.title == "Climb Kazbek" and goal.status == "done" and goal.completed_at is not None
    assert XPEvent.objects.filter(user=goal.user, reason="goal_done_small", object_id=str(goal.id)).exists()


def test_goal_admin_delete_removes_its_steps(admin_site):
    goal = GoalFactory()
    StepFactory.create_batch(2, goal=goal)
    response = admin_site.post(f"/admin/goals/goal/{goal.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Goal.objects.exists() and not Step.objects.exists()


def test_step_admin_changelist_search_change_and_edit(admin_site):
    step = StepFactory(title="Buy running shoes")
    StepFactory.create_batch(2)
    assert "Buy running shoes" in admin_site.get("/admin/steps/step/").content.decode()
    assert admin_site.get(f"/admin/steps/step/?q={step.user.email}&level__exact=month&status__exact=planned").status_code == 200
    assert admin_site.get(f"/admin/steps/step/{step.id}/change/").status_code == 200
    assert admin_site.get("/admin/steps/step/add/").status_code == 403
    form = {"title": "Buy shoes", "description": "", "status": "done", "planned_date": "", "order_index": "0"}
    assert admin_site.post(f"/admin/steps/step/{step.id}/change/", form).status_code == 302
    step.refresh_from_db()
    assert step.title == "Buy shoes" and step.completed_at is not None
    assert XPEvent.objects.filter(user=step.user, reason="step_done").count() == 1


def test_export_has_own_goals_and_steps_only(auth_client, other_client):
    goal = GoalFactory(user=auth_client.user, title="My goal")
    StepFactory(goal=goal, title="My step")
    StepFactory(goal=GoalFactory(user=other_client.user, title="Their goal"), title="Their step")
    body = ok(auth_client.get("/api/v1/me/export"))
    assert [g["title"] for g in body["goals"]] == ["My goal"]
    assert body["goals"][0]["progress"] == {"steps_total": 1, "steps_done": 0}
    assert [s["title"] for s in body["steps"]] == ["My step"]


def test_delete_me_removes_goals_and_steps(auth_client, other_client):
    goal = GoalFactory(user=auth_client.user)
    StepFactory(goal=goal, parent=StepFactory(goal=goal, level="year"), level="month")
    theirs = StepFactory(goal=GoalFactory(user=other_client.user))
    ok(auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert list(Goal.objects.values_list("pk", flat=True)) == [theirs.goal_id]
    assert list(Step.objects.values_list("pk", flat=True)) == [theirs.pk]
