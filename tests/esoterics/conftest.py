from datetime import UTC, datetime

import pytest
import time_machine

from apps.ai import offline
from tests.accounts.factories import UserFactory
from tests.conftest import client_for

TIP_TASK = "esoterics.daily_tip"
URL = "/api/v1/esoterics/today"


FROZEN_AT = datetime(2025, 1, 13, 22, 0, tzinfo=UTC)


@pytest.fixture
def frozen_client(db):
    """A signed-in client at 2025-01-13 22:00 UTC: already 14 January in Moscow, still
    13 January in UTC (the clock is frozen before the session and token are made)."""
    with time_machine.travel(FROZEN_AT, tick=False):
        yield client_for(UserFactory(time_zone="UTC"))


class ComposerSpy:
    def __init__(self, original):
        self.original = original
        self.calls = []

    def __call__(self, context, locale):
        self.calls.append((context, locale))
        return self.original(context, locale)


@pytest.fixture
def tip_composer(monkeypatch):
    """Counts calls of the offline `esoterics.daily_tip` composer (each is one AI call)."""
    spy = ComposerSpy(offline._COMPOSERS[TIP_TASK])
    monkeypatch.setitem(offline._COMPOSERS, TIP_TASK, spy)
    return spy


@pytest.fixture
def raising_composer(monkeypatch):
    """`raising_composer(exc)` makes the offline AI backend fail with `exc`."""

    def install(exc: Exception):
        def compose(context, locale):
            raise exc

        monkeypatch.setitem(offline._COMPOSERS, TIP_TASK, compose)

    return install
