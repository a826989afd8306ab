"""POST /rituals/entry: one morning and one evening per local day, XP and streak in the same
transaction, strict input."""

from datetime import date

import pytest

from apps.gamification.models import Counter, UserAchievement, XPEvent
from apps.rituals.models import JournalEntry
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.gamification.factories import AchievementFactory

from .helpers import EVENING, MORNING, at, err, ok, post_entry

pytestmark = pytest.mark.django_db


def zoned_user(zone: str):
    return UserFactory(time_zone=zone)


def test_morning_entry_is_saved_for_the_local_date_with_xp_and_streak(user):
    with at("UTC", 2026, 12, 1, 8, 0):
        entry = ok(post_entry(client_for(user)))
    assert entry["type"] == "morning"
    assert entry["entry_date"] == "2026-12-01"
    assert entry["answers"] == MORNING["answers"]
    assert entry["mood_score"] == 7 and entry["energy_score"] == 6
    assert entry["created_at"].endswith("Z")
    assert entry["streak"] == 1
    event = entry["gamification_event"]
    assert event["xp_awarded"] == 10 and event["reason"] == "ritual_entry" and event["total_xp"] == 10
    saved = JournalEntry.objects.get()
    assert str(saved.id) == entry["id"] and saved.user == user
    assert XPEvent.objects.filter(user=user, reason="ritual_entry", object_id=str(saved.id)).count() == 1


def test_scores_are_optional(auth_client):
    entry = ok(post_entry(auth_client, {"type": "evening", "answers": {}}))
    assert entry["mood_score"] is None and entry["energy_score"] is None and entry["answers"] == {}


def test_second_morning_of_the_day_is_409_and_pays_nothing(user):
    with at("Europe/Moscow", 2026, 12, 1, 7, 0):
        ok(post_entry(client_for(user)))
    with at("Europe/Moscow", 2026, 12, 1, 22, 0):
        error = err(post_entry(client_for(user), answers={"gratitude": "again"}), 409, "RITUALS_ALREADY_COMPLETED")
    assert error["details"] == {"type": "morning", "date": "2026-12-01"}
    assert JournalEntry.objects.count() == 1
    assert JournalEntry.objects.get().answers == MORNING["answers"]
    assert XPEvent.objects.filter(reason="ritual_entry").count() == 1


def test_morning_and_evening_of_one_day_are_both_saved(user):
    with at("UTC", 2026, 12, 1, 8, 0):
        ok(post_entry(client_for(user), MORNING))
        second = ok(post_entry(client_for(user), EVENING))
    assert second["gamification_event"]["total_xp"] == 20
    assert second["streak"] == 1
    assert JournalEntry.objects.filter(entry_date=date(2026, 12, 1)).count() == 2


def test_2359_and_0001_local_are_two_days(user):
    user.time_zone = "Europe/Moscow"
    user.save(update_fields=["time_zone"])
    with at("Europe/Moscow", 2026, 12, 1, 23, 59):
        first = ok(post_entry(client_for(user)))
    with at("Europe/Moscow", 2026, 12, 2, 0, 1):
        second = ok(post_entry(client_for(user)))
    assert (first["entry_date"], second["entry_date"]) == ("2026-12-01", "2026-12-02")
    assert second["streak"] == 2


def test_utc_midnight_is_not_the_users_midnight(user):
    """23:30 UTC is already tomorrow in Moscow: the Moscow user's entry belongs to tomorrow."""
    user.time_zone = "Europe/Moscow"
    user.save(update_fields=["time_zone"])
    with at("UTC", 2026, 12, 1, 21, 30):
        assert ok(post_entry(client_for(user)))["entry_date"] == "2026-12-02"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Pacific/Pago_Pago", "2026-11-30"), ("UTC", "2026-12-01"), ("Europe/Moscow", "2026-12-01"), ("Pacific/Kiritimati", "2026-12-02")],
)
def test_the_same_instant_is_a_different_local_date_per_zone(zone, expected):
    user = zoned_user(zone)  # UTC−11, UTC, UTC+3, UTC+14
    with at("UTC", 2026, 12, 1, 10, 30):
        assert ok(post_entry(client_for(user)))["entry_date"] == expected


def test_a_zone_change_mid_week_keeps_one_entry_of_a_type_per_local_date():
    """Documented behaviour: entry_date is the local date when written, in the zone the user
    has then. Moving from UTC+14 to UTC−11 turns "today" back into yesterday's date: the
    morning of that date can still be written once, the morning of the date already written
    cannot be written again."""
    user = zoned_user("Pacific/Kiritimati")
    with at("UTC", 2026, 12, 1, 18, 0):  # 08:00 on 2 December in Kiritimati
        client = client_for(user)
        assert ok(post_entry(client))["entry_date"] == "2026-12-02"
        user.time_zone = "Pacific/Pago_Pago"  # 07:00 on 1 December
        user.save(update_fields=["time_zone"])
        assert ok(post_entry(client))["entry_date"] == "2026-12-01"
        err(post_entry(client), 409, "RITUALS_ALREADY_COMPLETED")
        user.time_zone = "Pacific/Kiritimati"
        user.save(update_fields=["time_zone"])
        err(post_entry(client), 409, "RITUALS_ALREADY_COMPLETED")
    dates = sorted(JournalEntry.objects.filter(user=user, type="morning").values_list("entry_date", flat=True))
    assert dates == [date(2026, 12, 1), date(2026, 12, 2)]


def test_streak_achievement_unlocks_with_the_entry_that_reaches_it(user):
    AchievementFactory(code="streak_3", rule_counter=Counter.STREAK_DAYS, rule_threshold=3, xp_reward=30)
    for day in (1, 2):
        with at("UTC", 2026, 12, day, 9, 0):
            assert ok(post_entry(client_for(user)))["gamification_event"]["new_achievements"] == []
    with at("UTC", 2026, 12, 3, 9, 0):
        entry = ok(post_entry(client_for(user)))
    assert entry["streak"] == 3
    assert [a["code"] for a in entry["gamification_event"]["new_achievements"]] == ["streak_3"]
    assert entry["gamification_event"]["total_xp"] == 3 * 10 + 30
    assert UserAchievement.objects.filter(user=user, achievement__code="streak_3").exists()


def test_a_failed_entry_unlocks_nothing(user):
    AchievementFactory(code="streak_1", rule_counter=Counter.STREAK_DAYS, rule_threshold=1, xp_reward=5)
    JournalEntry.objects.create(user=user, type="morning", entry_date=date(2026, 12, 1))
    with at("UTC", 2026, 12, 1, 9, 0):
        err(post_entry(client_for(user)), 409, "RITUALS_ALREADY_COMPLETED")
    assert not UserAchievement.objects.exists()
    assert not XPEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "noon"}, "type"),
        ({"type": None}, "type"),
        ({"answers": "text"}, "answers"),
        ({"answers": ["a"]}, "answers"),
        ({"answers": None}, "answers"),
        ({"answers": {"nested": {"a": 1}}}, "answers"),
        ({"answers": {"list": [{"a": 1}]}}, "answers"),
        ({"answers": {"list": [None]}}, "answers"),
        ({"answers": {"list": ["x"] * 31}}, "answers"),
        ({"answers": {f"k{i}": "v" for i in range(31)}}, "answers"),
        ({"answers": {"k" * 65: "v"}}, "answers"),
        ({"answers": {"": "v"}}, "answers"),
        ({"answers": {"a": "x" * 4001}}, "answers"),
        ({"answers": {"a": "nul\x00byte"}}, "answers"),
        ({"answers": {"nul\x00key": "v"}}, "answers"),
        ({"answers": {"list": ["nul\x00"]}}, "answers"),
        ({"answers": {f"k{i}": "я" * 3000 for i in range(3)}}, "answers"),  # 18 kB of UTF-8
        ({"mood_score": 0}, "mood_score"),
        ({"mood_score": 11}, "mood_score"),
        ({"mood_score": "5"}, "mood_score"),
        ({"mood_score": 5.5}, "mood_score"),
        ({"mood_score": True}, "mood_score"),
        ({"energy_score": -1}, "energy_score"),
        ({"energy_score": 7.0}, "energy_score"),
    ],
)
def test_bad_input_is_422_and_saves_nothing(auth_client, changes, field):
    error = err(post_entry(auth_client, **changes), 422, "VALIDATION_ERROR")
    assert [key for key in error["fields"] if key == field or key.startswith(f"{field}.")], error["fields"]
    assert not JournalEntry.objects.exists()
    assert not XPEvent.objects.exists()


@pytest.mark.parametrize("missing", ["type", "answers"])
def test_required_fields(auth_client, missing):
    payload = {k: v for k, v in MORNING.items() if k != missing}
    error = err(auth_client.post("/api/v1/rituals/entry", payload, format="json"), 422, "VALIDATION_ERROR")
    assert missing in error["fields"]


def test_answers_at_the_documented_caps_are_accepted(auth_client):
    answers = {f"k{i:02d}": "x" * 500 for i in range(30)}  # 30 keys, ~15.6 kB
    answers["k00"] = ["a", 1, 2.5, "b"]
    entry = ok(post_entry(auth_client, answers=answers, mood_score=1, energy_score=10))
    assert entry["answers"] == answers


def test_null_scores_are_accepted(auth_client):
    entry = ok(post_entry(auth_client, mood_score=None, energy_score=None))
    assert entry["mood_score"] is None


def test_malformed_json_is_400(auth_client):
    response = auth_client.post("/api/v1/rituals/entry", "{not json", content_type="application/json")
    err(response, 400, "INVALID_JSON")


def test_anonymous_is_401(api_client):
    err(api_client.post("/api/v1/rituals/entry", MORNING, format="json"), 401, "AUTH_NOT_AUTHENTICATED")
    assert not JournalEntry.objects.exists()


def test_trailing_slash_works(auth_client):
    ok(auth_client.post("/api/v1/rituals/entry/", MORNING, format="json"))


def test_errors_are_in_the_users_language(db):
    with at("UTC", 2026, 12, 1, 8, 0):
        user = UserFactory(locale="ru")
        ok(post_entry(client_for(user)))
        duplicate = err(post_entry(client_for(user)), 409, "RITUALS_ALREADY_COMPLETED")
        invalid = err(post_entry(client_for(user), mood_score=11), 422, "VALIDATION_ERROR")
    assert duplicate["message"] == "Этот ритуал сегодня уже выполнен."
    assert invalid["fields"]["mood_score"] == ["Оценка должна быть целым числом от 1 до 10."]


@pytest.mark.parametrize("history_days", [0, 60])
def test_entry_query_count_does_not_grow_with_history(db, django_assert_max_num_queries, history_days):
    from datetime import timedelta

    from .factories import JournalEntryFactory

    AchievementFactory(code="streak_100", rule_counter=Counter.STREAK_DAYS, rule_threshold=100, xp_reward=5)
    AchievementFactory(code="entries_500", rule_counter=Counter.RITUAL_ENTRIES, rule_threshold=500, xp_reward=5)
    user = UserFactory()
    for offset in range(1, history_days + 1):
        JournalEntryFactory(user=user, entry_date=date(2026, 12, 1) - timedelta(days=offset))
    with at("UTC", 2026, 12, 1, 9, 0):
        client = client_for(user)
        # session, 6 savepoint statements, insert, XP total lock (+ create: 2), ledger, total,
        # pending achievements, counters (ledger + streak), streak for the answer: 19
        with django_assert_max_num_queries(19):
            assert ok(post_entry(client))["streak"] == history_days + 1
