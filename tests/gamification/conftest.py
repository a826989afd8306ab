import pytest

SPEC_REWARDS = {
    "ritual_entry": 10,
    "weekly_review": 50,
    "goal_created": 5,
    "goal_done_small": 50,
    "goal_done_big": 200,
    "step_done": 10,
    "life_wheel": 20,
    "wants_completed": 100,
    "future_story": 100,
    "image": 15,
}


@pytest.fixture(autouse=True)
def _spec_rewards(settings):
    """The spec's rewards whatever the environment says, so expected sums are exact."""
    settings.XP_REWARDS = dict(SPEC_REWARDS)
