import threading
import uuid

import pytest
from django.db import connection, transaction

from apps.gamification.api.serializers import GamificationEventSerializer
from apps.gamification.errors import AchievementXPNotAwardable
from apps.gamification.models import Counter, UserAchievement, XPEvent, XPTotal
from apps.gamification.services import achievements_check, xp_award
from tests.accounts.factories import UserFactory
from tests.conftest import postgres_only
from tests.gamification.factories import AchievementFactory

pytestmark = pytest.mark.django_db


def test_award_returns_the_gamification_event(user):
    event = xp_award(user=user, reason="life_wheel", object_id="lw-1")

    assert event == {
        "xp_awarded": 20,
        "reason": "life_wheel",
        "total_xp": 20,
        "level": 1,
        "level_up": False,
        "new_achievements": [],
    }
    assert XPTotal.objects.get(user=user).xp == 20


def test_repeated_award_pays_nothing_and_returns_none(user):
    xp_award(user=user, reason="goal_done_big", object_id="goal-1")

    assert xp_award(user=user, reason="goal_done_big", object_id="goal-1") is None
    assert XPEvent.objects.filter(user=user).count() == 1
    assert XPTotal.objects.get(user=user).xp == 200


def test_same_object_pays_again_for_another_reason_or_user(user):
    other = UserFactory()
    xp_award(user=user, reason="goal_created", object_id="g")
    xp_award(user=user, reason="goal_done_small", object_id="g")
    xp_award(user=other, reason="goal_created", object_id="g")

    assert XPTotal.objects.get(user=user).xp == 55
    assert XPTotal.objects.get(user=other).xp == 5


def test_level_up_is_reported_when_a_threshold_is_crossed(user):
    reached_2 = xp_award(user=user, reason="wants_completed", object_id="w1")  # exactly 100
    reached_3 = xp_award(user=user, reason="goal_done_big", object_id="g1")  # exactly 300

    assert (reached_2["level"], reached_2["level_up"]) == (2, True)
    assert (reached_3["level"], reached_3["level_up"]) == (3, True)
    assert xp_award(user=user, reason="image", object_id="i1")["level_up"] is False


def test_achievement_unlocks_once_and_is_reported_once(user):
    AchievementFactory(code="first_goal", rule_counter=Counter.GOALS_CREATED, rule_threshold=1, xp_reward=10)

    first = xp_award(user=user, reason="goal_created", object_id="g1")
    second = xp_award(user=user, reason="goal_created", object_id="g2")

    assert [a["code"] for a in first["new_achievements"]] == ["first_goal"]
    assert first["new_achievements"][0]["is_obtained"] is True
    assert first["new_achievements"][0]["xp_reward"] == 10
    assert second["new_achievements"] == []
    assert UserAchievement.objects.filter(user=user).count() == 1


def test_achievement_xp_is_paid_once_through_the_ledger(user):
    AchievementFactory(code="first_goal", rule_counter=Counter.GOALS_CREATED, rule_threshold=1, xp_reward=10)

    event = xp_award(user=user, reason="goal_created", object_id="g1")
    xp_award(user=user, reason="goal_created", object_id="g2")
    achievements_check(user=user)

    assert event["xp_awarded"] == 5
    assert event["total_xp"] == 15
    assert list(XPEvent.objects.filter(user=user, reason="achievement").values_list("object_id", "xp")) == [("first_goal", 10)]
    assert XPTotal.objects.get(user=user).xp == 5 + 10 + 5


def test_removed_and_reobtained_achievement_does_not_pay_again(user):
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, rule_threshold=1, xp_reward=40)
    xp_award(user=user, reason="life_wheel", object_id="1")
    UserAchievement.objects.filter(user=user).delete()  # e.g. an admin revoked it

    event = xp_award(user=user, reason="life_wheel", object_id="2")

    assert [a["code"] for a in event["new_achievements"]] == ["wheel"]
    assert XPTotal.objects.get(user=user).xp == 20 + 40 + 20


def test_threshold_counts_only_its_reasons(user):
    AchievementFactory(code="goals_done_2", rule_counter=Counter.GOALS_DONE, rule_threshold=2, xp_reward=0)

    xp_award(user=user, reason="goal_created", object_id="a")
    xp_award(user=user, reason="goal_created", object_id="b")
    assert not UserAchievement.objects.filter(user=user).exists()

    xp_award(user=user, reason="goal_done_small", object_id="a")
    event = xp_award(user=user, reason="goal_done_big", object_id="b")
    assert [a["code"] for a in event["new_achievements"]] == ["goals_done_2"]


def test_level_achievement_unlocked_by_achievement_xp(user):
    # 20 XP of the wheel + 80 XP of its achievement = 100 = level 2, which unlocks "level_2".
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, rule_threshold=1, xp_reward=80, order_index=1)
    AchievementFactory(code="level_2", rule_counter=Counter.LEVEL, rule_threshold=2, xp_reward=5, order_index=2)

    event = xp_award(user=user, reason="life_wheel", object_id="1")

    assert [a["code"] for a in event["new_achievements"]] == ["wheel", "level_2"]
    assert event["total_xp"] == 105
    assert event["level"] == 2
    assert event["level_up"] is True


def test_inactive_achievement_is_never_unlocked(user):
    AchievementFactory(code="off", rule_counter=Counter.LIFE_WHEEL, is_active=False)

    event = xp_award(user=user, reason="life_wheel", object_id="1")

    assert event["new_achievements"] == []
    assert not UserAchievement.objects.exists()


def test_new_achievements_are_in_the_users_locale(user):
    user.locale = "ru"
    user.save()
    AchievementFactory(code="wheel", title_ru="Колесо", title_en="Wheel", rule_counter=Counter.LIFE_WHEEL)

    event = xp_award(user=user, reason="life_wheel", object_id="1")

    assert event["new_achievements"][0]["title"] == "Колесо"


def test_achievement_reason_cannot_be_awarded_directly(user):
    with pytest.raises(AchievementXPNotAwardable) as exc:
        xp_award(user=user, reason="achievement", object_id="anything")
    assert (exc.value.code, exc.value.http_code) == ("INTERNAL_ERROR", 500)
    assert "unlocking the achievement" in str(exc.value)


@pytest.mark.parametrize("history", [1, 40])
def test_award_query_count_does_not_grow_with_history_or_achievements(user, django_assert_num_queries, history):
    for _ in range(history):
        AchievementFactory(rule_counter=Counter.GOALS_DONE, rule_threshold=10_000)
        AchievementFactory(rule_counter=Counter.STREAK_DAYS, rule_threshold=10_000)
    for i in range(history):
        xp_award(user=user, reason="goal_created", object_id=f"old-{i}")

    # savepoint, lock the total, savepoint + ledger insert + release, total update, pending
    # achievements, ledger counters, streak, release
    with django_assert_num_queries(10):
        event = xp_award(user=user, reason="goal_created", object_id="new")

    assert event["total_xp"] == 5 * (history + 1)
    assert event["new_achievements"] == []


def test_award_that_unlocks_reports_level_up_from_achievement_xp_only(user):
    # 15 + 5 = 20 XP is still level 1; the achievement's 90 XP, paid in the same call, makes
    # 110 = level 2: level_up and total_xp must include it.
    AchievementFactory(code="first_goal", rule_counter=Counter.GOALS_CREATED, rule_threshold=1, xp_reward=90)
    before = xp_award(user=user, reason="image", object_id="i")  # 15

    event = xp_award(user=user, reason="goal_created", object_id="g")  # 15 + 5 + 90 = 110

    assert (before["level"], before["level_up"]) == (1, False)
    assert event["xp_awarded"] == 5
    assert event["total_xp"] == 110 == XPTotal.objects.get(user=user).xp
    assert (event["level"], event["level_up"]) == (2, True)
    assert [a["code"] for a in event["new_achievements"]] == ["first_goal"]


def _in_threads(count, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:  # noqa: BLE001 — reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_of_one_object_pay_once():
    user = UserFactory()
    AchievementFactory(code="first_goal", rule_counter=Counter.GOALS_CREATED, rule_threshold=1, xp_reward=10)
    object_id = str(uuid.uuid4())

    results, errors = _in_threads(20, lambda i: xp_award(user=user, reason="goal_created", object_id=object_id))

    assert errors == []
    paid = [r for r in results if r is not None]
    assert len(paid) == 1
    assert [a["code"] for a in paid[0]["new_achievements"]] == ["first_goal"]
    assert XPEvent.objects.filter(user=user, reason="goal_created").count() == 1
    assert XPEvent.objects.filter(user=user, reason="achievement").count() == 1
    assert UserAchievement.objects.filter(user=user).count() == 1
    assert XPTotal.objects.get(user=user).xp == 5 + 10


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_of_different_objects_all_count():
    user = UserFactory()
    AchievementFactory(code="first_goal", rule_counter=Counter.GOALS_CREATED, rule_threshold=1, xp_reward=10)

    results, errors = _in_threads(20, lambda i: xp_award(user=user, reason="goal_created", object_id=f"goal-{i}"))

    assert errors == []
    assert len([r for r in results if r is not None]) == 20
    assert sorted(r["total_xp"] for r in results) == sorted({r["total_xp"] for r in results})  # no two saw the same total
    assert sum(len(r["new_achievements"]) for r in results) == 1
    assert XPEvent.objects.filter(user=user, reason="goal_created").count() == 20
    assert XPTotal.objects.get(user=user).xp == 20 * 5 + 10


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_awards_of_many_users_do_not_interfere():
    users = [UserFactory() for _ in range(10)]

    results, errors = _in_threads(10, lambda i: xp_award(user=users[i], reason="image", object_id="same-object"))

    assert errors == []
    assert all(r["total_xp"] == 15 for r in results)
    assert XPTotal.objects.filter(user__in=users, xp=15).count() == 10


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_checks_and_awards_unlock_an_achievement_once():
    user = UserFactory()
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, rule_threshold=1, xp_reward=30)
    XPEvent.objects.create(user=user, reason="life_wheel", object_id="written-before", xp=0)  # counter = 1

    def run(i):
        if i % 2:
            return achievements_check(user=user)
        return xp_award(user=user, reason="image", object_id=f"image-{i}")["new_achievements"]

    results, errors = _in_threads(16, run)

    assert errors == []
    assert [a["code"] for unlocked in results for a in unlocked] == ["wheel"]
    assert UserAchievement.objects.filter(user=user).count() == 1
    assert XPEvent.objects.filter(user=user, reason="achievement").count() == 1
    assert XPTotal.objects.get(user=user).xp == 8 * 15 + 30


def test_rolled_back_action_pays_and_unlocks_nothing(user):
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, xp_reward=10)

    with pytest.raises(RuntimeError), transaction.atomic():
        xp_award(user=user, reason="life_wheel", object_id="lw")
        raise RuntimeError("the caller's save failed")

    assert not XPEvent.objects.exists()
    assert not UserAchievement.objects.exists()
    assert xp_award(user=user, reason="life_wheel", object_id="lw")["total_xp"] == 30


def test_event_serializes_for_other_apps_responses(user):
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, xp_reward=10)
    data = GamificationEventSerializer(xp_award(user=user, reason="life_wheel", object_id="lw")).data

    assert data["new_achievements"][0]["code"] == "wheel"
    assert data["new_achievements"][0]["obtained_at"].endswith("Z")
    assert set(data) == {"xp_awarded", "reason", "total_xp", "level", "level_up", "new_achievements"}
