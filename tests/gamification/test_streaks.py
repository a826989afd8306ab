from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from apps.core.timezones import local_date
from apps.gamification.models import Counter, UserAchievement, XPTotal
from apps.gamification.selectors import streak_get
from apps.gamification.services import achievements_check, xp_award
from apps.rituals.models import JournalEntry
from tests.accounts.factories import UserFactory
from tests.gamification.factories import AchievementFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db


def entries(user, first: date, last: date, type_=JournalEntry.Type.MORNING):
    day = first
    while day <= last:
        JournalEntryFactory(user=user, entry_date=day, type=type_)
        day += timedelta(days=1)


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=UTC), tick=False)


def test_no_entries_no_streak(user):
    streak = streak_get(user=user)
    assert (streak.current, streak.best, streak.last_entry_date) == (0, 0, None)


@at(2025, 6, 15, 12)
def test_run_ending_today_is_the_current_streak(user):
    entries(user, date(2025, 6, 11), date(2025, 6, 15))

    streak = streak_get(user=user)

    assert (streak.current, streak.best) == (5, 5)


@at(2025, 6, 15, 12)
def test_run_ending_yesterday_is_still_alive(user):
    entries(user, date(2025, 6, 12), date(2025, 6, 14))

    assert streak_get(user=user).current == 3


@at(2025, 6, 15, 12)
def test_run_ending_before_yesterday_is_broken_but_stays_best(user):
    entries(user, date(2025, 6, 1), date(2025, 6, 13))

    streak = streak_get(user=user)

    assert (streak.current, streak.best) == (0, 13)


@at(2025, 6, 15, 12)
def test_morning_and_evening_of_one_day_count_once(user):
    entries(user, date(2025, 6, 14), date(2025, 6, 15))
    entries(user, date(2025, 6, 14), date(2025, 6, 15), type_=JournalEntry.Type.EVENING)

    assert streak_get(user=user).current == 2


@at(2025, 6, 15, 12)
def test_best_is_the_longest_run_ever_and_gaps_split_runs(user):
    entries(user, date(2024, 12, 20), date(2025, 1, 10))  # 22 days across a year end
    entries(user, date(2025, 3, 1), date(2025, 3, 3))
    entries(user, date(2025, 6, 13), date(2025, 6, 15))

    streak = streak_get(user=user)

    assert (streak.current, streak.best, streak.last_entry_date) == (3, 22, date(2025, 6, 15))


@at(2025, 6, 15, 12)
def test_long_current_streak_is_exact(user):
    entries(user, date(2023, 6, 1), date(2025, 6, 15))  # more than 2 years, every day

    streak = streak_get(user=user)

    assert streak.current == streak.best == (date(2025, 6, 15) - date(2023, 6, 1)).days + 1


@at(2025, 6, 15, 12)
def test_other_users_entries_do_not_count(user):
    entries(UserFactory(), date(2025, 6, 1), date(2025, 6, 15))
    entries(user, date(2025, 6, 15), date(2025, 6, 15))

    assert (streak_get(user=user).current, streak_get(user=user).best) == (1, 1)


# --- Time zones and DST: "today" and "yesterday" are local calendar days. ---------------


def test_new_york_spring_forward_day_has_23_hours():
    user = UserFactory(time_zone="America/New_York")
    entries(user, date(2025, 3, 5), date(2025, 3, 8))
    # 2025-03-10 00:30 EDT. 24 hours earlier is 2025-03-08 23:30 EST — but local yesterday is
    # 9 March (23 hours long), which has no entry: the streak is broken.
    with at(2025, 3, 10, 4, 30):
        assert local_date(user=user) == date(2025, 3, 10)
        assert streak_get(user=user).current == 0
    # An hour before, still 9 March locally: the run ending 8 March is alive.
    with at(2025, 3, 10, 3, 30):
        assert local_date(user=user) == date(2025, 3, 9)
        assert streak_get(user=user).current == 4


def test_new_york_fall_back_day_has_25_hours():
    user = UserFactory(time_zone="America/New_York")
    entries(user, date(2025, 10, 29), date(2025, 11, 1))
    # 2025-11-02 23:30 EST = 2025-11-03 04:30 UTC: locally still 2 November, so 1 November
    # is yesterday and the streak is alive although the UTC date is already the 3rd.
    with at(2025, 11, 3, 4, 30):
        assert local_date(user=user) == date(2025, 11, 2)
        assert streak_get(user=user).current == 4
    # 2025-11-03 00:30 EST: 1 November is now two days back.
    with at(2025, 11, 3, 5, 30):
        assert streak_get(user=user).current == 0


def test_new_york_entries_across_both_dst_changes_are_consecutive():
    user = UserFactory(time_zone="America/New_York")
    entries(user, date(2025, 3, 8), date(2025, 3, 10))
    entries(user, date(2025, 11, 1), date(2025, 11, 3))

    with at(2025, 11, 3, 15):
        streak = streak_get(user=user)

    assert (streak.current, streak.best) == (3, 3)


def test_moscow_is_ahead_of_utc():
    user = UserFactory(time_zone="Europe/Moscow")
    entries(user, date(2025, 6, 10), date(2025, 6, 14))
    # 2025-06-15 22:30 UTC is 16 June 01:30 in Moscow: 14 June is two days back.
    with at(2025, 6, 15, 22, 30):
        assert streak_get(user=user).current == 0
    with at(2025, 6, 15, 20, 30):  # 23:30 on 15 June in Moscow
        assert streak_get(user=user).current == 5


def test_same_instant_is_a_different_day_in_kiritimati_and_pago_pago():
    kiritimati = UserFactory(time_zone="Pacific/Kiritimati")  # UTC+14
    pago_pago = UserFactory(time_zone="Pacific/Pago_Pago")  # UTC−11
    for user in (kiritimati, pago_pago):
        entries(user, date(2025, 6, 12), date(2025, 6, 14))

    with at(2025, 6, 15, 10, 30):
        assert local_date(user=kiritimati) == date(2025, 6, 16)
        assert local_date(user=pago_pago) == date(2025, 6, 14)
        assert streak_get(user=kiritimati).current == 0
        assert streak_get(user=pago_pago).current == 3
        assert streak_get(user=kiritimati).best == streak_get(user=pago_pago).best == 3


def test_unknown_time_zone_is_read_as_utc():
    user = UserFactory(time_zone="Mars/Olympus_Mons")
    entries(user, date(2025, 6, 14), date(2025, 6, 15))

    with at(2025, 6, 15, 23, 59):
        assert local_date(user=user) == date(2025, 6, 15)
        assert streak_get(user=user).current == 2


# --- Streak achievements. --------------------------------------------------------------


@at(2025, 6, 15, 12)
def test_streak_achievement_unlocks_on_check_once(user):
    AchievementFactory(code="streak_7", rule_counter=Counter.STREAK_DAYS, rule_threshold=7, xp_reward=70)
    entries(user, date(2025, 6, 10), date(2025, 6, 15))
    assert achievements_check(user=user) == []

    JournalEntryFactory(user=user, entry_date=date(2025, 6, 9))
    unlocked = achievements_check(user=user)
    again = achievements_check(user=user)

    assert [a["code"] for a in unlocked] == ["streak_7"]
    assert again == []
    assert XPTotal.objects.get(user=user).xp == 70


@at(2025, 6, 15, 12)
def test_streak_achievement_unlocks_with_the_ritual_entry_award(user):
    AchievementFactory(code="streak_3", rule_counter=Counter.STREAK_DAYS, rule_threshold=3, xp_reward=0)
    entries(user, date(2025, 6, 13), date(2025, 6, 14))
    entry = JournalEntryFactory(user=user, entry_date=date(2025, 6, 15))

    event = xp_award(user=user, reason="ritual_entry", object_id=entry.id)

    assert [a["code"] for a in event["new_achievements"]] == ["streak_3"]
    assert UserAchievement.objects.filter(user=user, achievement__code="streak_3").count() == 1


@at(2025, 6, 15, 12)
def test_broken_streak_does_not_unlock(user):
    AchievementFactory(code="streak_3", rule_counter=Counter.STREAK_DAYS, rule_threshold=3)
    entries(user, date(2025, 6, 1), date(2025, 6, 10))

    assert achievements_check(user=user) == []
