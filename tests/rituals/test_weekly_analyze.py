"""POST /rituals/weekly/analyze with the offline backend: which week, stats from the
database, XP, quota charged only on success, errors."""

from datetime import date

import pytest
from django.utils import timezone

from apps.ai import offline as ai_offline
from apps.ai.errors import AIError, AITimeout
from apps.ai.models import AIJob
from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_charge
from apps.rituals.models import WeeklyReview
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.goals.factories import GoalFactory
from tests.steps.factories import StepFactory

from .factories import JournalEntryFactory, WeeklyReviewFactory
from .helpers import at, err, ok

pytestmark = pytest.mark.django_db

URL = "/api/v1/rituals/weekly/analyze"
REFLECTION = {"user_reflection": "A busy week. I ran twice and slept badly on Thursday."}
REVIEW_FIELDS = {
    "id", "week_start", "user_reflection", "stats", "ai_analysis", "model", "status", "created_at", "gamification_event",
}


def text_used(user) -> int:
    """Text units charged (the quota period is the frozen clock's month, not today's)."""
    return QuotaCharge.objects.filter(user=user, resource="text").count()


def signed_up(zone="UTC", locale="en"):
    with at(zone, 2026, 11, 4, 10, 0):  # Wednesday; weeks start Mon 9, 16, 23 November
        return UserFactory(time_zone=zone, locale=locale)


def analyze(user, *when, zone="UTC", body=None, **headers):
    with at(zone, *when):
        return client_for(user).post(URL, REFLECTION if body is None else body, format="json", **headers)


def busy_week(user):
    """The week of 9 November: 5 entries on 4 days, 3 steps planned (2 done), 1 step outside."""
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 9), mood_score=6, energy_score=7)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 9), type="evening", mood_score=8, energy_score=5)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 11), mood_score=4, energy_score=3)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 12), mood_score=None, energy_score=None)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 15), type="evening", mood_score=9, energy_score=8)
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 16), mood_score=1, energy_score=1)  # next week
    goal = GoalFactory(user=user)
    done_at = timezone.now()
    StepFactory(goal=goal, level="day", planned_date=date(2026, 11, 9), status="done", completed_at=done_at)
    StepFactory(goal=goal, level="day", planned_date=date(2026, 11, 15), status="done", completed_at=done_at)
    StepFactory(goal=goal, level="day", planned_date=date(2026, 11, 13))
    StepFactory(goal=goal, level="day", planned_date=date(2026, 11, 16))  # next week


def test_monday_reviews_the_last_finished_week_with_its_stats(db):
    user = signed_up()
    busy_week(user)
    review = ok(analyze(user, 2026, 11, 16, 10, 0))
    assert set(review) == REVIEW_FIELDS
    assert review["week_start"] == "2026-11-09"
    assert review["status"] == "completed"
    assert review["model"] == "offline"
    assert review["user_reflection"] == REFLECTION["user_reflection"]
    stats = review["stats"]
    assert stats["entries"] == 5
    assert stats["avg_mood"] == 6.8  # (6 + 8 + 4 + 9) / 4
    assert stats["avg_energy"] == 5.8  # (7 + 5 + 3 + 8) / 4
    assert (stats["steps_planned"], stats["steps_done"]) == (3, 2)
    assert (stats["week_start"], stats["week_end"]) == ("2026-11-09", "2026-11-15")
    assert [d["date"] for d in stats["days"]] == [f"2026-11-{d:02d}" for d in range(9, 16)]
    assert stats["days"][0] == {"date": "2026-11-09", "entries": 2, "mood": 7.0, "energy": 6.0}
    assert stats["days"][1] == {"date": "2026-11-10", "entries": 0, "mood": None, "energy": None}
    assert stats["days"][3] == {"date": "2026-11-12", "entries": 1, "mood": None, "energy": None}
    event = review["gamification_event"]
    assert (event["xp_awarded"], event["reason"]) == (50, "weekly_review")
    saved = WeeklyReview.objects.get(user=user)
    assert str(saved.id) == review["id"] and saved.stats["entries"] == 5
    assert text_used(user) == 1
    assert XPEvent.objects.filter(user=user, reason="weekly_review").count() == 1


def test_the_offline_analysis_uses_the_stats(db):
    user = signed_up()
    busy_week(user)
    analysis = ok(analyze(user, 2026, 11, 16, 10, 0))["ai_analysis"]
    assert analysis["summary"].startswith("Week of 9 November – 15 November: 5 ritual entries")
    assert "6.8/10" in analysis["summary"] and "5.8/10" in analysis["summary"]
    assert "2 of 3" in analysis["summary"]
    assert "A busy week." in analysis["summary"]
    assert any("Sunday" in w and "9/10" in w for w in analysis["wins"])  # best mood day
    assert any("Wednesday" in c and "3/10" in c for c in analysis["challenges"])  # hardest day
    assert any("1 planned steps" in c or "1 planned step" in c for c in analysis["challenges"])
    assert analysis["recommendations"]
    assert analysis["focus_next_week"]


def test_the_offline_analysis_is_russian_for_a_russian_user(db):
    user = signed_up(locale="ru")
    busy_week(user)
    analysis = ok(analyze(user, 2026, 11, 16, 10, 0))["ai_analysis"]
    assert "записей ритуалов — 5 из 14" in analysis["summary"]
    assert "Шагов выполнено: 2 из 3" in analysis["summary"]
    assert "Неделя 9 ноября – 15 ноября" in analysis["summary"]
    assert "Лучший день — воскресенье: настроение 9/10." in analysis["wins"]
    assert any("среду" in r for r in analysis["recommendations"])


def test_an_empty_week_gets_useful_advice(db):
    user = signed_up()
    review = ok(analyze(user, 2026, 11, 16, 10, 0, body={"user_reflection": "Nothing happened."}))
    assert review["stats"]["entries"] == 0 and review["stats"]["avg_mood"] is None
    analysis = review["ai_analysis"]
    assert "0 ritual entries" in analysis["summary"]
    assert any("7 of 7 days" in c for c in analysis["challenges"])
    assert any("2–3 steps" in r for r in analysis["recommendations"])


def test_a_reviewed_last_week_means_the_current_week_then_409(db):
    user = signed_up()
    first = ok(analyze(user, 2026, 11, 17, 10, 0))
    second = ok(analyze(user, 2026, 11, 17, 11, 0))
    assert (first["week_start"], second["week_start"]) == ("2026-11-09", "2026-11-16")
    error = err(analyze(user, 2026, 11, 17, 12, 0), 409, "RITUALS_WEEK_ALREADY_REVIEWED")
    assert error["details"] == {"week_start": "2026-11-16"}
    assert WeeklyReview.objects.filter(user=user).count() == 2
    assert text_used(user) == 2
    assert AIJob.objects.count() == 2  # the 409 is decided after the quota check, before any job


def test_quota_exceeded_comes_before_week_already_reviewed(db):
    """Spec section 4: the quota is checked before any work, so a free user with no text left
    gets 403 QUOTA_EXCEEDED even for a week that is already reviewed (not 409)."""
    user = signed_up()
    ok(analyze(user, 2026, 11, 17, 10, 0))
    ok(analyze(user, 2026, 11, 17, 11, 0))  # both weeks reviewed: the next call would be 409
    with at("UTC", 2026, 11, 17, 11, 30):
        for i in range(3):
            quota_charge(user=user, resource="text", key=f"other-{i}")
    error = err(analyze(user, 2026, 11, 17, 12, 0), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert AIJob.objects.count() == 2 and WeeklyReview.objects.filter(user=user).count() == 2


def test_past_the_grace_period_the_current_week_is_reviewed(db):
    user = signed_up()
    review = ok(analyze(user, 2026, 11, 19, 10, 0))  # Thursday: last week is 4 days overdue
    assert review["week_start"] == "2026-11-16"


def test_an_archived_week_is_not_reviewed_again(db):
    user = signed_up()
    WeeklyReviewFactory(user=user, week_start=date(2026, 11, 9), status="archived")
    assert ok(analyze(user, 2026, 11, 16, 10, 0))["week_start"] == "2026-11-16"


def test_the_signup_week_can_be_reviewed_on_the_next_monday(db):
    user = signed_up()
    assert ok(analyze(user, 2026, 11, 9, 10, 0))["week_start"] == "2026-11-02"


def test_a_week_before_signup_is_never_reviewed(db):
    user = signed_up()
    assert ok(analyze(user, 2026, 11, 4, 12, 0))["week_start"] == "2026-11-02"


def test_the_review_ends_the_interception(db):
    user = signed_up()
    with at("UTC", 2026, 11, 16, 9, 0):
        assert ok(client_for(user).get("/api/v1/rituals/today"))["interception"]["type"] == "force_review"
    ok(analyze(user, 2026, 11, 16, 10, 0))
    for day in (16, 17, 18, 19, 20):
        with at("UTC", 2026, 11, day, 12, 0):
            assert ok(client_for(user).get("/api/v1/rituals/today"))["interception"] is None


def test_the_week_is_the_users_local_week(db):
    """Sunday 15 Nov 22:00 UTC is Monday 16 Nov in Kiritimati (UTC+14): its last finished week,
    of 9 November, is reviewed. In UTC it is still Sunday: the last finished week is the
    (reviewed) signup week, so the current week — also of 9 November — is reviewed."""
    kiritimati = signed_up("Pacific/Kiritimati")
    utc = signed_up("UTC")
    WeeklyReviewFactory(user=utc, week_start=date(2026, 11, 2))
    assert ok(analyze(kiritimati, 2026, 11, 15, 22, 0))["week_start"] == "2026-11-09"
    assert ok(analyze(utc, 2026, 11, 15, 22, 0))["week_start"] == "2026-11-09"  # its current week


def test_other_users_data_is_not_in_the_stats(db):
    user, other = signed_up(), signed_up()
    busy_week(other)
    stats = ok(analyze(user, 2026, 11, 16, 10, 0))["stats"]
    assert (stats["entries"], stats["steps_planned"], stats["steps_done"]) == (0, 0, 0)


@pytest.mark.parametrize(
    "body",
    [{}, {"user_reflection": ""}, {"user_reflection": "   "}, {"user_reflection": "x" * 5001},
     {"user_reflection": 5}, {"user_reflection": None}, {"user_reflection": "nul\x00"}],
)
def test_bad_reflection_is_422_and_charges_nothing(db, body):
    user = signed_up()
    error = err(analyze(user, 2026, 11, 16, 10, 0, body=body), 422, "VALIDATION_ERROR")
    assert "user_reflection" in error["fields"]
    assert not WeeklyReview.objects.exists() and not AIJob.objects.exists()
    assert text_used(user) == 0


def test_a_reflection_of_5000_characters_is_accepted(db):
    user = signed_up()
    review = ok(analyze(user, 2026, 11, 16, 10, 0, body={"user_reflection": "я" * 5000}))
    assert len(review["user_reflection"]) == 5000


def test_quota_exceeded_is_403_and_saves_nothing(db):
    user = signed_up()
    with at("UTC", 2026, 11, 16, 9, 0):
        for i in range(5):
            quota_charge(user=user, resource="text", key=f"other-{i}")
    error = err(analyze(user, 2026, 11, 16, 10, 0), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert not WeeklyReview.objects.exists()
    assert not XPEvent.objects.filter(reason="weekly_review").exists()


def test_anonymous_is_401(api_client):
    err(api_client.post(URL, REFLECTION, format="json"), 401, "AUTH_NOT_AUTHENTICATED")


@pytest.fixture
def composer(monkeypatch):
    """Swap the offline composer of rituals.weekly_review for a test double."""

    def install(func):
        monkeypatch.setitem(ai_offline._COMPOSERS, "rituals.weekly_review", func)

    return install


def _raise(exc):
    def compose(context, locale):
        raise exc

    return compose


@pytest.mark.parametrize(
    ("compose", "status", "code"),
    [
        (_raise(AITimeout("slow")), 504, "RITUALS_AI_TIMEOUT"),
        (_raise(AIError("down")), 502, "RITUALS_AI_FAILED"),
        (lambda context, locale: {"summary": "x"}, 502, "RITUALS_AI_FAILED"),
        (lambda context, locale: ["not an object"], 502, "RITUALS_AI_FAILED"),
        (
            lambda context, locale: {
                "summary": "x", "wins": [], "challenges": [], "recommendations": [], "focus_next_week": "y",
            },
            502,
            "RITUALS_AI_FAILED",
        ),  # at least one recommendation
        (_raise(RuntimeError("bug")), 502, "RITUALS_AI_FAILED"),
    ],
)
def test_ai_failures_charge_nothing_and_save_nothing(db, composer, compose, status, code):
    user = signed_up()
    composer(compose)
    err(analyze(user, 2026, 11, 16, 10, 0), status, code)
    assert text_used(user) == 0
    assert not QuotaCharge.objects.exists()
    assert not WeeklyReview.objects.exists()
    assert not XPEvent.objects.filter(reason="weekly_review").exists()


def test_a_week_archived_while_the_ai_worked_is_409_and_charges_nothing(db, composer):
    """GET /today archived the week between the request's check and the save: the
    one-review-per-week constraint refuses the save, the job fails, nothing is charged."""
    user = signed_up()
    real = ai_offline._COMPOSERS["rituals.weekly_review"]

    def racing(context, locale):
        WeeklyReview.objects.create(user=user, week_start=date(2026, 11, 9), status="archived")
        return real(context, locale)

    composer(racing)
    err(analyze(user, 2026, 11, 16, 10, 0), 409, "RITUALS_WEEK_ALREADY_REVIEWED")
    assert text_used(user) == 0
    assert WeeklyReview.objects.get().status == "archived"
    assert not XPEvent.objects.filter(reason="weekly_review").exists()


def test_the_ai_sees_the_stats_journal_steps_and_reflection(db, composer):
    user = signed_up()
    busy_week(user)
    seen = {}
    real = ai_offline._COMPOSERS["rituals.weekly_review"]

    def spy(context, locale):
        seen.update(context=context, locale=locale)
        return real(context, locale)

    composer(spy)
    ok(analyze(user, 2026, 11, 16, 10, 0))
    context = seen["context"]
    assert seen["locale"] == "en"
    assert context["week_start"] == "2026-11-09" and context["user_reflection"] == REFLECTION["user_reflection"]
    assert context["stats"]["entries"] == 5 and context["stats"]["steps_done"] == 2
    assert len(context["journal"]) == 5 and context["journal"][0]["answers"] == {"gratitude": "sun"}
    assert sorted(s["planned_date"] for s in context["steps"]) == ["2026-11-09", "2026-11-13", "2026-11-15"]


def test_async_mode_answers_202_and_the_job_holds_the_same_result(db):
    user = signed_up()
    with at("UTC", 2026, 11, 16, 10, 0):
        client = client_for(user)
        accepted = ok(client.post(URL, REFLECTION, format="json", HTTP_PREFER="respond-async"), 202)
        job = ok(client.get(accepted["status_url"]))
    assert job["kind"] == "rituals.weekly_review"
    assert job["status"] == "succeeded"
    assert job["result"]["week_start"] == "2026-11-09"
    assert job["result"]["id"] == str(WeeklyReview.objects.get().id)
    assert job["result"]["gamification_event"]["xp_awarded"] == 50


def test_past_the_wait_limit_it_is_ai_busy_and_nothing_is_saved(db, settings):
    from apps.ai.jobs.waits import WaitSlot

    user = signed_up()
    settings.AI_MAX_WAITS_PER_PROCESS = 1
    with WaitSlot():  # another request of this process is waiting for the AI
        response = analyze(user, 2026, 11, 16, 10, 0)
    err(response, 503, "AI_BUSY")
    assert response["Retry-After"] == str(settings.AI_BUSY_RETRY_AFTER_SECONDS)
    assert not WeeklyReview.objects.exists() and text_used(user) == 0
