"""GET /rituals/today: local date, today's entries, streak, and the weekly-review
interception, day by day with frozen clocks in several zones (DST weeks included)."""

from datetime import date, timedelta

import pytest

from apps.rituals.models import WeeklyReview
from tests.accounts.factories import UserFactory
from tests.conftest import client_for

from .factories import JournalEntryFactory, WeeklyReviewFactory
from .helpers import EVENING, MORNING, at, ok, post_entry

pytestmark = pytest.mark.django_db

TODAY = "/api/v1/rituals/today"


def signed_up(zone: str, *when) -> object:
    """A user in `zone` who signed up at local time `when`."""
    with at(zone, *when):
        return UserFactory(time_zone=zone)


def today_at(user, zone: str, *when) -> dict:
    with at(zone, *when):
        return ok(client_for(user).get(TODAY))


def test_new_user_has_an_empty_day(db):
    user = signed_up("UTC", 2026, 12, 1, 9, 0)
    result = today_at(user, "UTC", 2026, 12, 1, 10, 0)
    assert result == {"date": "2026-12-01", "morning": None, "evening": None, "streak": 0, "interception": None}


def test_today_shows_both_entries_and_the_streak(db):
    user = signed_up("Europe/Moscow", 2026, 11, 30, 9, 0)
    with at("Europe/Moscow", 2026, 11, 30, 21, 0):
        ok(post_entry(client_for(user), EVENING))
    with at("Europe/Moscow", 2026, 12, 1, 8, 0):
        morning = ok(post_entry(client_for(user), MORNING))
    with at("Europe/Moscow", 2026, 12, 1, 21, 0):
        evening = ok(post_entry(client_for(user), EVENING))
    result = today_at(user, "Europe/Moscow", 2026, 12, 1, 23, 0)
    assert result["date"] == "2026-12-01"
    assert result["morning"]["id"] == morning["id"] and result["morning"]["answers"] == MORNING["answers"]
    assert result["evening"]["id"] == evening["id"]
    assert "gamification_event" not in result["morning"]
    assert result["streak"] == 2


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Pacific/Pago_Pago", "2026-11-30"), ("Europe/Moscow", "2026-12-01"), ("Pacific/Kiritimati", "2026-12-02")],
)
def test_today_is_the_users_local_date(zone, expected):
    user = signed_up(zone, 2026, 11, 1, 12, 0)
    assert today_at(user, "UTC", 2026, 12, 1, 10, 30)["date"] == expected


def test_another_users_entries_are_not_shown(db):
    user = signed_up("UTC", 2026, 12, 1, 8, 0)
    other = signed_up("UTC", 2026, 12, 1, 8, 0)
    JournalEntryFactory(user=other, entry_date=date(2026, 12, 1))
    result = today_at(user, "UTC", 2026, 12, 1, 10, 0)
    assert result["morning"] is None and result["streak"] == 0


def test_yesterdays_entry_keeps_the_streak_alive(db):
    user = signed_up("UTC", 2026, 11, 1, 8, 0)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 30))
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 29))
    assert today_at(user, "UTC", 2026, 12, 1, 23, 59)["streak"] == 2
    assert today_at(user, "UTC", 2026, 12, 2, 0, 1)["streak"] == 0


# --- interception ---------------------------------------------------------------------------

# Weeks of November 2026: Mon 2, 9, 16, 23, 30.


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Pacific/Pago_Pago", "Pacific/Kiritimati"])
def test_three_week_walk_day_by_day(zone):
    """Signup on Wednesday 4 Nov (week of the 2nd). Week of the 2nd is the signup week and week of
    the 9th's Monday..Sunday only look back at it: nothing. Week of the 16th looks back at the
    unreviewed week of the 9th: force_review on Monday (1), Tuesday (2), Wednesday (3), then
    fresh_start once on Thursday, then nothing. Asked at 00:01, 12:00 and 23:59 local each day."""
    user = signed_up(zone, 2026, 11, 4, 10, 0)
    observed = {}
    for offset in range(0, 19):  # Wed 4 Nov .. Sun 22 Nov
        day = date(2026, 11, 4) + timedelta(days=offset)
        for hour, minute in ((0, 1), (12, 0), (23, 59)):
            result = today_at(user, zone, day.year, day.month, day.day, hour, minute)
            assert result["date"] == day.isoformat()
            observed[(day, hour)] = result["interception"]
    for offset in range(0, 12):  # Wed 4 .. Sun 15: the signup week and the one after it
        day = date(2026, 11, 4) + timedelta(days=offset)
        assert {observed[(day, h)] is None for h in (0, 12, 23)} == {True}, day
    for weekday, day in enumerate((16, 17, 18), start=1):
        for hour in (0, 12, 23):
            assert observed[(date(2026, 11, day), hour)] == {
                "type": "force_review",
                "week_start": "2026-11-09",
                "days_overdue": weekday,
            }
    assert observed[(date(2026, 11, 19), 0)] == {"type": "fresh_start", "archived_week_start": "2026-11-09"}
    assert observed[(date(2026, 11, 19), 12)] is None
    assert observed[(date(2026, 11, 19), 23)] is None
    for day in (20, 21, 22):
        assert {observed[(date(2026, 11, day), h)] is None for h in (0, 12, 23)} == {True}
    review = WeeklyReview.objects.get(user=user)
    assert (review.week_start, review.status, review.ai_analysis) == (date(2026, 11, 9), "archived", None)
    # The next week starts its own cycle.
    assert today_at(user, zone, 2026, 11, 23, 12, 0)["interception"]["week_start"] == "2026-11-16"


def test_fresh_start_archives_with_the_weeks_stats(db):
    user = signed_up("UTC", 2026, 11, 4, 10, 0)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 9), mood_score=4, energy_score=8)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 15), type="evening", mood_score=8, energy_score=None)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 16), mood_score=1)  # next week
    interception = today_at(user, "UTC", 2026, 11, 20, 9, 0)["interception"]
    assert interception == {"type": "fresh_start", "archived_week_start": "2026-11-09"}
    stats = WeeklyReview.objects.get(user=user).stats
    assert stats["entries"] == 2 and stats["avg_mood"] == 6.0 and stats["avg_energy"] == 8.0
    assert stats["days"][0] == {"date": "2026-11-09", "entries": 1, "mood": 4.0, "energy": 8.0}
    assert stats["days"][6] == {"date": "2026-11-15", "entries": 1, "mood": 8.0, "energy": None}


def test_a_reviewed_week_is_not_intercepted(db):
    user = signed_up("UTC", 2026, 11, 4, 10, 0)
    WeeklyReviewFactory(user=user, week_start=date(2026, 11, 9))
    for day in (16, 17, 18, 19, 20):
        assert today_at(user, "UTC", 2026, 11, day, 12, 0)["interception"] is None
    assert WeeklyReview.objects.count() == 1


def test_the_signup_week_is_never_intercepted(db):
    user = signed_up("UTC", 2026, 11, 15, 23, 0)  # Sunday, last day of the week of the 9th
    for day in (16, 17, 18, 19, 20):
        assert today_at(user, "UTC", 2026, 11, day, 12, 0)["interception"] is None
    assert not WeeklyReview.objects.exists()


def test_weeks_before_signup_are_never_intercepted(db):
    user = signed_up("UTC", 2026, 11, 18, 9, 0)
    assert today_at(user, "UTC", 2026, 11, 19, 9, 0)["interception"] is None
    assert not WeeklyReview.objects.exists()


def test_a_user_back_after_weeks_sees_only_the_last_week(db):
    user = signed_up("UTC", 2026, 10, 1, 9, 0)
    assert today_at(user, "UTC", 2026, 11, 30, 9, 0)["interception"] == {
        "type": "force_review",
        "week_start": "2026-11-23",
        "days_overdue": 1,
    }


def test_interception_follows_the_users_zone_not_utc(db):
    """Sunday 22 Nov 23:30 UTC is Monday 02:30 in Moscow: the Moscow user is already asked to
    review, the UTC user is not."""
    moscow = signed_up("Europe/Moscow", 2026, 11, 4, 9, 0)
    utc = signed_up("UTC", 2026, 11, 4, 9, 0)
    WeeklyReviewFactory(user=moscow, week_start=date(2026, 11, 9))
    WeeklyReviewFactory(user=utc, week_start=date(2026, 11, 9))
    assert today_at(moscow, "UTC", 2026, 11, 22, 23, 30)["interception"]["week_start"] == "2026-11-16"
    assert today_at(utc, "UTC", 2026, 11, 22, 23, 30)["interception"] is None


# --- weeks that cross a DST change (Europe/Berlin) ------------------------------------------


def test_spring_dst_week_boundaries(db):
    """Clocks go forward on Sunday 29 March 2026 (CET → CEST): the week of 23 March has 167
    hours. Its Sunday ends at 23:59 CEST (21:59 UTC); a minute later it is 1 day overdue."""
    user = signed_up("Europe/Berlin", 2026, 3, 4, 9, 0)
    WeeklyReviewFactory(user=user, week_start=date(2026, 3, 16))
    assert today_at(user, "Europe/Berlin", 2026, 3, 29, 23, 59)["interception"] is None
    assert today_at(user, "UTC", 2026, 3, 29, 21, 59)["interception"] is None
    assert today_at(user, "UTC", 2026, 3, 29, 22, 1)["interception"] == {
        "type": "force_review",
        "week_start": "2026-03-23",
        "days_overdue": 1,
    }
    assert today_at(user, "Europe/Berlin", 2026, 4, 1, 23, 59)["interception"]["days_overdue"] == 3
    assert today_at(user, "Europe/Berlin", 2026, 4, 2, 0, 1)["interception"] == {
        "type": "fresh_start",
        "archived_week_start": "2026-03-23",
    }


def test_autumn_dst_week_boundaries(db):
    """Clocks go back on Sunday 25 October 2026 (CEST → CET): that week has 169 hours, its
    Sunday ends at 23:59 CET (22:59 UTC)."""
    user = signed_up("Europe/Berlin", 2026, 10, 1, 9, 0)
    WeeklyReviewFactory(user=user, week_start=date(2026, 10, 12))
    assert today_at(user, "UTC", 2026, 10, 25, 22, 59)["interception"] is None
    assert today_at(user, "UTC", 2026, 10, 25, 23, 1)["interception"] == {
        "type": "force_review",
        "week_start": "2026-10-19",
        "days_overdue": 1,
    }
    assert today_at(user, "Europe/Berlin", 2026, 10, 28, 23, 59)["interception"]["days_overdue"] == 3
    assert today_at(user, "Europe/Berlin", 2026, 10, 29, 0, 1)["interception"]["type"] == "fresh_start"


def test_entries_around_the_dst_change_belong_to_their_local_days(db):
    user = signed_up("Europe/Berlin", 2026, 10, 1, 9, 0)
    with at("Europe/Berlin", 2026, 10, 25, 2, 30):  # the repeated hour, first pass (CEST)
        assert ok(post_entry(client_for(user)))["entry_date"] == "2026-10-25"
    with at("Europe/Berlin", 2026, 10, 25, 23, 59):
        assert ok(post_entry(client_for(user), EVENING))["entry_date"] == "2026-10-25"
    with at("Europe/Berlin", 2026, 10, 26, 0, 1):
        assert ok(post_entry(client_for(user)))["entry_date"] == "2026-10-26"
    with at("Europe/Berlin", 2026, 10, 29, 12, 0):
        ok(client_for(user).get(TODAY))  # archives the week of 19 October
    stats = WeeklyReview.objects.get(user=user, week_start=date(2026, 10, 19)).stats
    assert stats["entries"] == 2
    assert stats["days"][6]["entries"] == 2


# --- query count ----------------------------------------------------------------------------


@pytest.mark.parametrize("with_entries", [False, True])
def test_today_query_count_is_fixed(db, django_assert_num_queries, with_entries):
    user = signed_up("UTC", 2026, 11, 4, 9, 0)
    WeeklyReviewFactory(user=user, week_start=date(2026, 11, 23))
    if with_entries:
        for offset in range(20):
            JournalEntryFactory(user=user, entry_date=date(2026, 12, 1) - timedelta(days=offset))
            JournalEntryFactory(user=user, entry_date=date(2026, 12, 1) - timedelta(days=offset), type="evening")
    with at("UTC", 2026, 12, 1, 12, 0):
        client = client_for(user)
        # session check, entries of the day, streak, review of last week
        with django_assert_num_queries(4):
            result = ok(client.get(TODAY))
    assert result["streak"] == (20 if with_entries else 0)
