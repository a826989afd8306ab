"""Every timestamp of `GET /me/export`, in every app's part, is UTC ISO 8601 ending in `Z`."""

import re
from datetime import UTC, datetime

import pytest

from apps.gamification.models import UserAchievement
from apps.gamification.services import xp_award
from apps.limits.services import quota_charge
from tests.gamification.factories import AchievementFactory, JournalEntryFactory
from tests.life_wheel.factories import LifeWheelFactory
from tests.wants.factories import CompletedWantsRawFactory, WantsAnalysisFactory

TIMESTAMP_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}T")
Z_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


def strings(value, path="result"):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}.{index}")
    elif isinstance(value, str):
        yield path, value


@pytest.mark.django_db
def test_every_timestamp_of_the_export_ends_in_z(auth_client):
    user = auth_client.user
    xp_award(user=user, reason="life_wheel", object_id="wheel-1")
    UserAchievement.objects.create(user=user, achievement=AchievementFactory(), obtained_at=datetime.now(UTC))
    JournalEntryFactory(user=user, entry_date=datetime.now(UTC).date())
    LifeWheelFactory(user=user)
    raw = CompletedWantsRawFactory(user=user)
    WantsAnalysisFactory(user=user, raw=raw)
    quota_charge(user=user, resource="text", key="task-1")

    response = auth_client.get("/api/v1/me/export")
    assert response.status_code == 200
    found = [(path, text) for path, text in strings(response.json()["result"]) if TIMESTAMP_LIKE.match(text)]
    sections = {path.split(".")[1] for path, _ in found}
    assert {"gamification", "rituals", "wants", "life_wheel", "quotas", "sessions"} <= sections, sections
    bad = [(path, text) for path, text in found if not Z_TIMESTAMP.match(text)]
    assert bad == []
