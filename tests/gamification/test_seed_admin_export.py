from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.registry import exporters
from apps.gamification.models import Achievement, Counter, UserAchievement, XPEvent
from apps.gamification.services import xp_award
from tests.gamification.factories import AchievementFactory, JournalEntryFactory

pytestmark = pytest.mark.django_db

REQUIRED = {
    "first_life_wheel",
    "wants_completed",
    "first_goal",
    "goals_done_10",
    "streak_7",
    "streak_30",
    "first_vision_image",
    "first_weekly_review",
    "level_5",
}


def seed() -> str:
    out = StringIO()
    call_command("seed_achievements", stdout=out)
    return out.getvalue()


def test_seed_creates_the_default_achievements_with_both_languages():
    seed()

    achievements = {a.code: a for a in Achievement.objects.all()}
    assert set(achievements) >= REQUIRED
    for a in achievements.values():
        assert a.title_ru and a.title_en and a.description_ru and a.description_en and a.icon
        assert a.rule_counter in Counter.values
        assert a.is_active
    assert (achievements["goals_done_10"].rule_counter, achievements["goals_done_10"].rule_threshold) == ("goals_done", 10)
    assert (achievements["level_5"].rule_counter, achievements["level_5"].rule_threshold) == ("level", 5)
    assert len({a.order_index for a in achievements.values()}) == len(achievements)


def test_seed_is_idempotent_and_keeps_admin_edits():
    seed()
    Achievement.objects.filter(code="first_goal").update(title_en="Edited by admin", xp_reward=999, is_active=False)
    Achievement.objects.filter(code="streak_30").delete()
    count = Achievement.objects.count()

    output = seed()

    assert "streak_30" in output
    assert Achievement.objects.count() == count + 1
    edited = Achievement.objects.get(code="first_goal")
    assert (edited.title_en, edited.xp_reward, edited.is_active) == ("Edited by admin", 999, False)
    assert "nothing changed" in seed()


def test_seeded_first_life_wheel_unlocks_with_the_life_wheel_award(user):
    seed()

    event = xp_award(user=user, reason="life_wheel", object_id="lw")

    assert [a["code"] for a in event["new_achievements"]] == ["first_life_wheel"]


def test_export_contains_xp_events_and_achievements(user):
    AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, xp_reward=5)
    xp_award(user=user, reason="life_wheel", object_id="lw-1")
    JournalEntryFactory(user=user, entry_date="2025-06-01", answers={"gratitude": "sun"})

    data = exporters()["gamification"](user)
    rituals = exporters()["rituals"](user)

    assert data["xp"] == 25
    assert [(e["reason"], e["object_id"], e["xp"]) for e in data["xp_events"]] == [
        ("life_wheel", "lw-1", 20),
        ("achievement", "wheel", 5),
    ]
    assert [a["code"] for a in data["achievements"]] == ["wheel"]
    assert rituals["journal_entries"][0]["answers"] == {"gratitude": "sun"}


def test_admin_pages_render(admin_client, user):
    achievement = AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, xp_reward=5)
    xp_award(user=user, reason="life_wheel", object_id="lw")
    entry = JournalEntryFactory(user=user, entry_date="2025-06-01")
    event = XPEvent.objects.get(user=user, reason="life_wheel")
    obtained = UserAchievement.objects.get(user=user, achievement=achievement)

    for url in (
        "/admin/gamification/achievement/",
        "/admin/gamification/achievement/add/",
        f"/admin/gamification/achievement/{achievement.pk}/change/",
        "/admin/gamification/userachievement/",
        f"/admin/gamification/userachievement/{obtained.pk}/change/",
        "/admin/gamification/xpevent/",
        "/admin/gamification/xpevent/?q=lw",
        f"/admin/gamification/xpevent/{event.pk}/change/",
        "/admin/gamification/xptotal/",
        f"/admin/gamification/xptotal/{user.pk}/change/",
        "/admin/rituals/journalentry/",
        "/admin/rituals/journalentry/?q=example",
        f"/admin/rituals/journalentry/{entry.pk}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    # The change views show the object, not an empty form or another row.
    assert b"lw" in admin_client.get(f"/admin/gamification/xpevent/{event.pk}/change/").content
    assert b"wheel" in admin_client.get(f"/admin/gamification/achievement/{achievement.pk}/change/").content


def test_admin_edit_of_an_achievement_is_saved(admin_client):
    achievement = AchievementFactory(code="wheel", rule_counter=Counter.LIFE_WHEEL, rule_threshold=1, xp_reward=5)
    url = f"/admin/gamification/achievement/{achievement.pk}/change/"
    form = {
        "code": "wheel",
        "title_ru": "Колесо",
        "title_en": "Wheel",
        "description_ru": "",
        "description_en": "",
        "icon": "🎡",
        "rule_counter": Counter.LIFE_WHEEL,
        "rule_threshold": 3,
        "xp_reward": 40,
        "is_active": "on",
        "order_index": 1,
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content[:2000]
    achievement.refresh_from_db()
    assert (achievement.rule_threshold, achievement.xp_reward, achievement.title_en) == (3, 40, "Wheel")


def test_ledger_is_read_only_in_admin(admin_client, user):
    xp_award(user=user, reason="life_wheel", object_id="lw")

    assert admin_client.get("/admin/gamification/xpevent/add/").status_code == 403


def test_schema_documents_the_gamification_endpoints(api_client):
    response = api_client.get("/api/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/gamification/profile", "/api/v1/gamification/achievements", "/api/v1/gamification/leaderboard"):
        assert "get" in paths[path]
    params = {p["name"] for p in paths["/api/v1/gamification/leaderboard"]["get"]["parameters"]}
    assert "limit" in params
