"""GET /rituals/today is cached per user (apps.rituals.services): a repeated read sends no
query of the rituals module, and every change a user could notice shows on the next read —
an entry or a review written by any service (nothing else writes them), a new local day, a
new time zone."""

from datetime import date

import pytest
from django.core.cache import cache

from apps.rituals.services import TODAY_CACHE, journal_entry_create, weekly_review_archive, weekly_review_create
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.helpers import assert_served_from_cache, cached_answer_poison

from .factories import JournalEntryFactory
from .helpers import MORNING, at, ok, post_entry

pytestmark = pytest.mark.django_db

TODAY = "/api/v1/rituals/today"


@pytest.fixture
def user():
    with at("UTC", 2026, 11, 30, 9, 0):
        return UserFactory(time_zone="UTC")


def test_a_repeated_read_is_served_from_the_cache(user):
    with at("UTC", 2026, 12, 1, 10, 0):
        assert_served_from_cache(client_for(user), TODAY, TODAY_CACHE, "journal_entries", "weekly_reviews", streak=99)


def test_an_entry_posted_shows_on_the_next_read(user):
    with at("UTC", 2026, 12, 1, 10, 0):
        client = client_for(user)
        assert ok(client.get(TODAY))["morning"] is None
        posted = ok(post_entry(client, MORNING))
        after = ok(client.get(TODAY))
    assert after["morning"]["id"] == posted["id"]
    assert after["streak"] == 1


@pytest.mark.parametrize("write", ["entry", "review", "archive"])
def test_every_service_write_renews_the_cached_answer(user, write):
    with at("UTC", 2026, 12, 1, 10, 0):
        client = client_for(user)
        JournalEntryFactory(user=user, entry_date=date(2026, 11, 30))
        assert ok(client.get(TODAY))["streak"] == 1
        cached_answer_poison(TODAY_CACHE, user.pk, streak=99)
        if write == "entry":
            journal_entry_create(user=user, type="morning", answers=MORNING["answers"])
        elif write == "review":
            weekly_review_create(user=user, week_start=date(2026, 11, 23), user_reflection="", ai_analysis={}, model="m")
        else:
            assert weekly_review_archive(user=user, week_start=date(2026, 11, 23))
        after = ok(client.get(TODAY))
    assert after["streak"] == {"entry": 2, "review": 1, "archive": 1}[write]


def test_a_fill_that_raced_a_write_is_stale_on_arrival(user):
    """A reader that read the generation before a write and cached afterwards: its answer
    carries the old generation and is never served."""
    answer_key, generation_key = TODAY_CACHE.keys(user.pk)
    with at("UTC", 2026, 12, 1, 10, 0):
        client = client_for(user)
        ok(client.get(TODAY))
        old_generation = cache.get(generation_key)
        posted = ok(post_entry(client, MORNING))
        cache.set(answer_key, (old_generation, ("2026-12-01", "UTC"), {"morning": None, "streak": 0}), 300)
        after = ok(client.get(TODAY))
    assert cache.get(generation_key) != old_generation
    assert after["morning"]["id"] == posted["id"]


def test_a_new_local_day_is_not_answered_from_yesterday(user):
    with at("UTC", 2026, 12, 1, 23, 59):
        client = client_for(user)
        ok(post_entry(client, MORNING))
        assert ok(client.get(TODAY))["morning"] is not None
    with at("UTC", 2026, 12, 2, 0, 1):
        today = ok(client_for(user).get(TODAY))
    assert today["date"] == "2026-12-02"
    assert today["morning"] is None and today["streak"] == 1


def test_a_new_time_zone_shows_at_once(user):
    with at("UTC", 2026, 12, 1, 22, 0):
        client = client_for(user)
        assert ok(client.get(TODAY))["date"] == "2026-12-01"
        ok(client.put("/api/v1/me", {"time_zone": "Pacific/Kiritimati"}, format="json"))
        assert ok(client.get(TODAY))["date"] == "2026-12-02"


def test_fresh_start_is_answered_once_and_not_from_the_cache():
    """Signed up on 16 November; the week of 23 November is unreviewed and on Thursday 3
    December it is archived."""
    with at("UTC", 2026, 11, 16, 9, 0):
        user = UserFactory(time_zone="UTC")
    with at("UTC", 2026, 12, 3, 10, 0):
        client = client_for(user)
        first = ok(client.get(TODAY))
        second = ok(client.get(TODAY))
        third = ok(client.get(TODAY))
    assert first["interception"] == {"type": "fresh_start", "archived_week_start": "2026-11-23"}
    assert second["interception"] is None and third == second
