"""GET /goals and GET /steps cache their default first page per user; every write to a goal
or a step (and the weekly plan) drops it, so the next read is never stale."""

import pytest
from django.test import TestCase

from .helpers import create_goals, goal_in, ok

pytestmark = pytest.mark.django_db


def lists(client):
    return ok(client.get("/api/v1/goals"))["items"], ok(client.get("/api/v1/steps"))["items"]


def test_every_write_shows_on_the_next_read(auth_client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        goal = create_goals(auth_client, goal_in())[0]
        assert [g["title"] for g in lists(auth_client)[0]] == ["Run a half marathon"]

        ok(auth_client.put(f"/api/v1/goals/{goal['id']}", {"title": "Run a marathon"}, format="json"))
        assert [g["title"] for g in lists(auth_client)[0]] == ["Run a marathon"]

        step = ok(
            auth_client.post(
                "/api/v1/steps/batch",
                {"steps": [{"goal_id": goal["id"], "level": "quarter", "title": "Base miles"}]},
                format="json",
            )
        )[0]
        goals, steps = lists(auth_client)
        assert goals[0]["progress"] == {"steps_total": 1, "steps_done": 0}
        assert [s["title"] for s in steps] == ["Base miles"]

        ok(auth_client.post("/api/v1/rituals/weekly/commit", {"next_week_step_ids": [step["id"]]}, format="json"))
        assert lists(auth_client)[1][0]["planned_date"] is not None

        ok(auth_client.put(f"/api/v1/steps/{step['id']}", {"status": "done"}, format="json"))
        goals, steps = lists(auth_client)
        assert goals[0]["progress"] == {"steps_total": 1, "steps_done": 1}
        assert steps[0]["status"] == "done"

        ok(auth_client.delete(f"/api/v1/steps/{step['id']}"))
        assert lists(auth_client)[1] == []

        ok(auth_client.delete(f"/api/v1/goals/{goal['id']}"))
        assert lists(auth_client) == ([], [])


def test_the_cached_page_is_the_callers_own(auth_client, other_client):
    create_goals(auth_client, goal_in())
    assert len(lists(auth_client)[0]) == 1
    assert lists(other_client) == ([], [])
