"""Assertion and clock helpers of the rituals tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.helpers import err, ok  # noqa: F401  (re-exported for this package's tests)

MORNING = {"type": "morning", "answers": {"gratitude": "The sun", "intention": "Run 5 km"}, "mood_score": 7, "energy_score": 6}
EVENING = {"type": "evening", "answers": {"win": "Ran 5 km"}, "mood_score": 8, "energy_score": 5}






def at(zone: str, *args):
    """Freeze the clock at local time `args` (year, month, day, hour, minute) in `zone`."""
    return time_machine.travel(datetime(*args, tzinfo=ZoneInfo(zone)), tick=False)


def post_entry(client, payload=None, **changes):
    return client.post("/api/v1/rituals/entry", {**(payload or MORNING), **changes}, format="json")
