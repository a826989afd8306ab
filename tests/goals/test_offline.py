"""The offline composers on their own: deterministic, from the user's own data."""

from apps.goals.offline import compose_goals
from apps.steps.offline import compose_steps

AREAS = [{"id": "health", "title": "Health"}, {"id": "career", "title": "Career"}, {"id": "leisure", "title": "Leisure"}]


def test_goal_titles_come_from_the_future_story_when_no_want_fits():
    context = {
        "today": "2027-01-01",
        "areas": AREAS,
        "limits": {"max_goals": 2, "horizons": ["1y", "quarter"]},
        "life_wheel": {"scores": {"career": 2, "health": 5, "leisure": 10}},
        "future_story": {"3y": {"by_area": [{"area_id": "career", "title": "My own design studio"}]}},
        "existing_goals": [],
    }
    goals = compose_goals(context, "en")["goals"]
    assert goals[0]["title"] == "My own design studio" and goals[0]["area_id"] == "career"
    assert "design studio" in goals[0]["description"] and "2 of 10" in goals[0]["description"]
    assert [g["horizon"] for g in goals] == ["1y", "quarter"]
    assert goals[1]["title"] == "Health: from 5 to 8 of 10"  # the next weakest; 10 of 10 needs no goal


def test_goals_composer_is_deterministic_and_never_empty():
    context = {"today": "2027-01-01", "areas": AREAS, "limits": {}, "existing_goals": [
        {"title": f"Make progress in {a['title']}"} for a in AREAS
    ]}
    first = compose_goals(context, "ru")
    assert first == compose_goals(context, "ru")
    assert len(first["goals"]) >= 1


def test_steps_composer_without_room_in_any_week_plans_no_day_steps():
    context = {
        "plan": {"start_date": "2027-01-04", "end_date": "2027-12-31"},
        "load": {"steps_per_week": 1, "weekdays": [1], "day_steps_already_planned_per_iso_week": {
            f"2027-W{w:02d}": 1 for w in range(1, 6)
        }},
        "goals": [{"id": "00000000-0000-4000-8000-000000000001", "title": "Read", "horizon": "month", "metric": ""}],
    }
    steps = compose_steps(context, "en")["steps"]
    assert [s["level"] for s in steps] == ["month", "week", "week", "week", "week"]
