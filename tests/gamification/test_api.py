from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import TestCase

from apps.gamification.models import Counter, XPTotal
from apps.gamification.services import xp_award
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.gamification.factories import AchievementFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/gamification/profile"
ACHIEVEMENTS = "/api/v1/gamification/achievements"
LEADERBOARD = "/api/v1/gamification/leaderboard"
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def result(response, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is True
    return body["result"]


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    return body["error"]


def give_xp(user, xp, reached_at=T0):
    XPTotal.objects.update_or_create(user=user, defaults={"xp": xp})
    XPTotal.objects.filter(user=user).update(xp_reached_at=reached_at)


# --- Profile ----------------------------------------------------------------------------


def test_profile_of_a_new_user(auth_client):
    assert result(auth_client.get(PROFILE)) == {
        "xp": 0,
        "level": 1,
        "xp_into_level": 0,
        "xp_for_next_level": 100,
        "streak_current": 0,
        "streak_best": 0,
        "last_activity_date": None,
    }


def test_profile_requires_authentication(api_client):
    assert_error(api_client.get(PROFILE), 401, "AUTH_NOT_AUTHENTICATED")


def test_profile_levels_and_progress(auth_client):
    give_xp(auth_client.user, 350)  # level 3 starts at 300, level 4 at 600

    profile = result(auth_client.get(PROFILE))

    assert (profile["xp"], profile["level"], profile["xp_into_level"], profile["xp_for_next_level"]) == (350, 3, 50, 300)


def test_profile_streaks_and_last_activity_in_the_users_time_zone(db):
    user = UserFactory(time_zone="Pacific/Kiritimati")
    for day in (date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 14), date(2025, 6, 15)):
        JournalEntryFactory(user=user, entry_date=day)
    with time_machine.travel(datetime(2025, 6, 15, 10, 30, tzinfo=UTC), tick=False):  # 16 June 00:30 local
        xp_award(user=user, reason="image", object_id="i1")
        profile = result(client_for(user).get(PROFILE))

    assert (profile["streak_current"], profile["streak_best"]) == (2, 3)
    assert profile["last_activity_date"] == "2025-06-16"  # the XP event, local date
    assert profile["xp"] == 15


def test_profile_last_activity_is_the_latest_ritual_day_without_xp(user):
    JournalEntryFactory(user=user, entry_date=date(2025, 6, 1))

    with time_machine.travel(datetime(2025, 6, 20, 12, tzinfo=UTC), tick=False):
        profile = result(client_for(user).get(PROFILE))

    assert (profile["streak_current"], profile["streak_best"], profile["last_activity_date"]) == (0, 1, "2025-06-01")


def test_profile_query_count_is_fixed(auth_client, django_assert_num_queries):
    give_xp(auth_client.user, 120)
    for i in range(30):
        JournalEntryFactory(user=auth_client.user, entry_date=date(2025, 1, 1) + timedelta(days=i))

    with django_assert_num_queries(2):  # session+user (then cached), the XP total next to the streak
        result(auth_client.get(PROFILE))


# --- Achievements -----------------------------------------------------------------------


def test_achievements_list_active_ones_in_order_with_obtained_flags(auth_client):
    AchievementFactory(code="second", order_index=20, rule_counter=Counter.GOALS_CREATED, xp_reward=10)
    AchievementFactory(code="first", order_index=10, rule_counter=Counter.LIFE_WHEEL, xp_reward=25, icon="🎡")
    AchievementFactory(code="hidden", order_index=5, is_active=False)
    with time_machine.travel(datetime(2025, 6, 1, 9, tzinfo=UTC), tick=False):
        xp_award(user=auth_client.user, reason="life_wheel", object_id="lw")

    items = result(auth_client.get(ACHIEVEMENTS))

    assert [i["code"] for i in items] == ["first", "second"]
    first, second = items
    assert first["is_obtained"] is True
    assert first["obtained_at"].startswith("2025-06-01T09:00:00")
    assert (first["icon"], first["xp_reward"]) == ("🎡", 25)
    assert (second["is_obtained"], second["obtained_at"]) == (False, None)
    assert set(first) == {"code", "title", "description", "icon", "xp_reward", "is_obtained", "obtained_at"}


def test_achievements_are_per_user(auth_client, other_client):
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL)
    xp_award(user=other_client.user, reason="life_wheel", object_id="lw")

    assert result(auth_client.get(ACHIEVEMENTS))[0]["is_obtained"] is False
    assert result(other_client.get(ACHIEVEMENTS))[0]["is_obtained"] is True


@pytest.mark.parametrize(("locale", "title", "description"), [("en", "Wheel", "Rate it"), ("ru", "Колесо", "Оцените")])
def test_achievement_texts_follow_the_users_locale(db, locale, title, description):
    client = client_for(UserFactory(locale=locale))
    AchievementFactory(title_en="Wheel", title_ru="Колесо", description_en="Rate it", description_ru="Оцените")

    item = result(client.get(ACHIEVEMENTS))[0]

    assert (item["title"], item["description"]) == (title, description)


@pytest.mark.parametrize("count", [3, 30])
def test_achievements_query_count_does_not_grow(auth_client, django_assert_num_queries, count):
    AchievementFactory.create_batch(count, rule_counter=Counter.LIFE_WHEEL)
    xp_award(user=auth_client.user, reason="life_wheel", object_id="lw")

    with django_assert_num_queries(2):  # session+user, achievements with the user's obtained_at
        items = result(auth_client.get(ACHIEVEMENTS))

    assert len(items) == count
    assert all(i["is_obtained"] for i in items)


# --- Leaderboard ------------------------------------------------------------------------


def test_leaderboard_orders_by_xp_and_marks_the_caller(auth_client):
    alice, bob = UserFactory(first_name="Alice", last_name="Smith"), UserFactory(first_name="Bob", last_name="")
    give_xp(alice, 500)
    give_xp(bob, 1000)
    give_xp(auth_client.user, 300)

    rows = result(auth_client.get(LEADERBOARD))

    assert rows == [
        {"rank": 1, "display_name": "Bob", "level": 5, "xp": 1000, "is_me": False},
        {"rank": 2, "display_name": "Alice S.", "level": 3, "xp": 500, "is_me": False},
        {"rank": 3, "display_name": "Anna", "level": 3, "xp": 300, "is_me": True},
    ]


def test_leaderboard_ties_go_to_who_reached_the_total_first(auth_client):
    late, early, earliest = UserFactory(first_name="Late"), UserFactory(first_name="Early"), UserFactory(first_name="First")
    give_xp(late, 200, reached_at=T0 + timedelta(hours=2))
    give_xp(early, 200, reached_at=T0 + timedelta(hours=1))
    give_xp(earliest, 200, reached_at=T0)

    rows = result(auth_client.get(LEADERBOARD))

    assert [r["display_name"] for r in rows] == ["First", "Early", "Late"]
    assert [r["rank"] for r in rows] == [1, 2, 3]


def test_leaderboard_tie_at_the_same_instant_is_still_a_stable_order(auth_client):
    users = [UserFactory(first_name=f"U{i}") for i in range(4)]
    for user in users:
        give_xp(user, 100, reached_at=T0)
    expected = [f"U{i}" for i, _ in sorted(enumerate(users), key=lambda p: p[1].pk)]

    assert [r["display_name"] for r in result(auth_client.get(LEADERBOARD))] == expected


def test_reaching_a_total_later_ranks_below_who_had_it_before(auth_client):
    first, second = UserFactory(first_name="First"), UserFactory(first_name="Second")
    with time_machine.travel(T0, tick=False):
        xp_award(user=first, reason="goal_done_small", object_id="a")
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        xp_award(user=second, reason="goal_done_small", object_id="a")

    assert [r["display_name"] for r in result(auth_client.get(LEADERBOARD))] == ["First", "Second"]


def test_leaderboard_leaves_out_inactive_users_and_users_without_xp(auth_client):
    give_xp(UserFactory(first_name="Gone", is_active=False), 900)
    give_xp(UserFactory(first_name="Zero"), 0)
    UserFactory(first_name="Never")
    give_xp(UserFactory(first_name="Here"), 50)

    assert [r["display_name"] for r in result(auth_client.get(LEADERBOARD))] == ["Here"]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_leaderboard_never_shows_an_email(db, locale):
    nameless = UserFactory(email="secret.person@example.com", first_name="", last_name="", username="")
    sneaky = UserFactory(email="other.secret@example.com", first_name="other.secret@example.com", username="")
    client = client_for(UserFactory(locale=locale))
    give_xp(nameless, 200)
    give_xp(sneaky, 100)

    response = client.get(LEADERBOARD)
    rows = result(response)

    assert b"@" not in response.content
    assert b"secret" not in response.content
    prefix = "Dreamer #" if locale == "en" else "Мечтатель #"
    assert all(r["display_name"].startswith(prefix) for r in rows)
    assert rows[0]["display_name"] != rows[1]["display_name"]
    assert str(nameless.pk)[:6] not in rows[0]["display_name"]


def test_placeholder_name_is_stable_for_a_user(auth_client):
    nameless = UserFactory(first_name="", username="")
    give_xp(nameless, 100)

    assert result(auth_client.get(LEADERBOARD)) == result(auth_client.get(LEADERBOARD))


def test_leaderboard_limit(auth_client):
    for i in range(5):
        give_xp(UserFactory(first_name=f"U{i}"), 100 * (i + 1))

    assert len(result(auth_client.get(LEADERBOARD))) == 5
    rows = result(auth_client.get(LEADERBOARD, {"limit": 2}))
    assert [r["display_name"] for r in rows] == ["U4", "U3"]
    assert len(result(auth_client.get(LEADERBOARD, {"limit": 100}))) == 5


@pytest.mark.parametrize(
    "limit",
    ["0", "101", "-1", "abc", "1.5", "1e3", "", "5.0", "+5", " 5", "\u0663", "5\x00", "\x00", "9" * 30, "9" * 5000],
)
def test_leaderboard_limit_out_of_range_is_422(auth_client, limit):
    give_xp(auth_client.user, 100)

    error = assert_error(auth_client.get(LEADERBOARD, {"limit": limit}), 422, "VALIDATION_ERROR")

    assert list(error["fields"]) == ["limit"]


def test_repeated_limit_uses_the_last_value(auth_client):
    error = assert_error(auth_client.get(f"{LEADERBOARD}?limit=5&limit=500"), 422, "VALIDATION_ERROR")
    assert "limit" in error["fields"]


def test_default_limit_is_20(auth_client):
    for i in range(25):
        give_xp(UserFactory(), 10 + i)

    assert len(result(auth_client.get(LEADERBOARD))) == 20


@pytest.mark.parametrize("users", [5, 50])
def test_leaderboard_is_one_query_however_many_users(auth_client, django_assert_num_queries, users):
    for i in range(users):
        give_xp(UserFactory(first_name="" if i % 2 else f"U{i}", username=""), 10 + i)

    with django_assert_num_queries(2):  # session+user, the leaderboard
        rows = result(auth_client.get(LEADERBOARD, {"limit": 100}))

    assert len(rows) == users


def test_leaderboard_requires_authentication(api_client):
    assert_error(api_client.get(LEADERBOARD), 401, "AUTH_NOT_AUTHENTICATED")


def test_leaderboard_ids_are_not_exposed(auth_client):
    give_xp(auth_client.user, 100)

    response = auth_client.get(LEADERBOARD)

    assert str(auth_client.user.pk).encode() not in response.content
    assert auth_client.user.pk.hex.encode() not in response.content


def test_leaderboard_shows_strangers_first_name_and_last_initial_only(auth_client):
    give_xp(UserFactory(first_name="Vera", last_name="Kuznetsova", username="vera_k"), 100)
    rows = result(auth_client.get(LEADERBOARD))
    assert [r["display_name"] for r in rows] == ["Vera K."]


def test_leaderboard_never_shows_the_username(auth_client):
    give_xp(UserFactory(first_name="", last_name="", username="vera_telegram"), 100)
    rows = result(auth_client.get(LEADERBOARD))
    assert "vera_telegram" not in rows[0]["display_name"]


def test_a_user_leaves_the_leaderboard_with_put_me(auth_client, other_client):
    give_xp(auth_client.user, 100)
    give_xp(other_client.user, 50)
    body = result(auth_client.put("/api/v1/me", {"leaderboard_visible": False}, format="json"))
    assert body["user"]["leaderboard_visible"] is False
    assert [r["xp"] for r in result(other_client.get(LEADERBOARD))] == [50]
    assert [r["xp"] for r in result(auth_client.get(LEADERBOARD))] == [50]


def test_a_user_comes_back_to_the_leaderboard(auth_client, other_client):
    give_xp(auth_client.user, 100)
    auth_client.put("/api/v1/me", {"leaderboard_visible": False}, format="json")
    auth_client.put("/api/v1/me", {"leaderboard_visible": True}, format="json")
    assert [r["xp"] for r in result(other_client.get(LEADERBOARD))] == [100]


def test_leaderboard_shows_xp_paid_after_it_was_cached(auth_client):
    rival = UserFactory(first_name="Rival")
    give_xp(auth_client.user, 300)
    assert [r["is_me"] for r in result(auth_client.get(LEADERBOARD))] == [True]
    with TestCase.captureOnCommitCallbacks(execute=True):
        xp_award(user=rival, reason="goal_done_big", object_id="g1")  # 200 XP: below
        xp_award(user=rival, reason="goal_done_big", object_id="g2")  # 400 XP: above
    assert [r["display_name"] for r in result(auth_client.get(LEADERBOARD))] == ["Rival", "Anna"]


# --- The cached leaderboard follows what users change (apps/gamification/signals.py) --------


@pytest.mark.parametrize("change", ["name", "hidden", "xp paid"])
def test_cached_leaderboard_shows_a_change_on_the_next_read(auth_client, change):
    give_xp(auth_client.user, 300)
    assert [r["display_name"] for r in result(auth_client.get(LEADERBOARD))] == ["Anna"]  # cached now
    if change == "name":
        result(auth_client.put("/api/v1/me", {"first_name": "Vera"}, format="json"))  # accounts writes the row
    elif change == "hidden":
        result(auth_client.put("/api/v1/me", {"leaderboard_visible": False}, format="json"))
    else:
        xp_award(user=UserFactory(first_name="Bob"), reason="image", object_id="i1")
    names = [r["display_name"] for r in result(auth_client.get(LEADERBOARD))]
    assert names == {"name": ["Vera"], "hidden": [], "xp paid": ["Anna", "Bob"]}[change]


def test_cached_leaderboard_shows_a_deactivation_made_in_the_admin(auth_client):
    from apps.accounts.services import user_admin_save

    other = UserFactory(first_name="Bob")
    give_xp(other, 500)
    assert len(result(auth_client.get(LEADERBOARD))) == 1  # cached now
    other.is_active = False
    user_admin_save(user=other)  # what the admin's save_model calls
    assert result(auth_client.get(LEADERBOARD)) == []
