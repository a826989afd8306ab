"""GET /gamification/profile is cached per user (apps/core/usercache.py): a repeated read
sends no query, and what a user could notice shows on the next read — XP paid by any path,
a journal entry posted (the streak), a new local day, a new time zone."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache

from apps.gamification.selectors import PROFILE_CACHE
from apps.gamification.services import xp_award, xp_award_many
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.gamification.factories import JournalEntryFactory
from tests.helpers import assert_served_from_cache, cached_answer_poison, ok

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/gamification/profile"
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def user():
    return UserFactory(time_zone="UTC")


def test_a_repeated_read_is_served_from_the_cache(user):
    with at(NOON):
        assert_served_from_cache(client_for(user), PROFILE, PROFILE_CACHE, "xp_totals", "journal_entries", xp=12345)


@pytest.mark.parametrize("pay", ["one", "many", "ritual entry api"])
def test_xp_paid_shows_on_the_next_read(user, pay):
    with at(NOON):
        client = client_for(user)
        assert ok(client.get(PROFILE))["xp"] == 0
        cached_answer_poison(PROFILE_CACHE, user.pk, xp=12345)
        if pay == "one":
            xp_award(user=user, reason="image", object_id="i1")
        elif pay == "many":
            xp_award_many(user=user, reason="goal_created", object_ids=["g1", "g2"])
        else:
            payload = {"type": "morning", "answers": {"gratitude": "Sun", "intention": "Run"}}
            ok(client.post("/api/v1/rituals/entry", payload, format="json"))
        after = ok(client.get(PROFILE))
    assert after["xp"] == {"one": 15, "many": 10, "ritual entry api": 10}[pay]
    assert after["last_activity_date"] == "2026-12-01"


def test_a_journal_entry_posted_moves_the_cached_streak(user):
    with at(NOON):
        client = client_for(user)
        JournalEntryFactory(user=user, entry_date=date(2026, 11, 30))
        assert ok(client.get(PROFILE))["streak_current"] == 1
        payload = {"type": "evening", "answers": {"win": "Ran"}}
        ok(client.post("/api/v1/rituals/entry", payload, format="json"))
        assert ok(client.get(PROFILE))["streak_current"] == 2


def test_a_new_local_day_ends_a_streak_without_a_write(user):
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 30))
    with at(NOON):
        assert ok(client_for(user).get(PROFILE))["streak_current"] == 1
    with at(datetime(2026, 12, 2, 0, 1, tzinfo=UTC)):
        assert ok(client_for(user).get(PROFILE))["streak_current"] == 0


def test_a_new_time_zone_shows_at_once(user):
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 30))
    with at(datetime(2026, 12, 1, 23, 0, tzinfo=UTC)):
        client = client_for(user)
        assert ok(client.get(PROFILE))["streak_current"] == 1
        ok(client.put("/api/v1/me", {"time_zone": "Pacific/Kiritimati"}, format="json"))  # 2 December there
        assert ok(client.get(PROFILE))["streak_current"] == 0


def test_a_fill_that_raced_a_payment_is_stale_on_arrival(user):
    answer_key, generation_key = PROFILE_CACHE.keys(user.pk)
    with at(NOON):
        client = client_for(user)
        ok(client.get(PROFILE))
        old_generation = cache.get(generation_key)
        xp_award(user=user, reason="image", object_id="i1")
        cache.set(answer_key, (old_generation, ("2026-12-01", "UTC"), {"xp": 0}), 300)
        after = ok(client.get(PROFILE))
    assert after["xp"] == 15
