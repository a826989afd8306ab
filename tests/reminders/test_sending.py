"""The minute task end to end: due rows found by their next fire, one delivery per (user,
kind, local date) written before the send, skip rules, and the Bot API stand-in's answers."""

from datetime import date

import pytest

from apps.reminders import services
from apps.reminders.models import ReminderDelivery
from apps.rituals.models import JournalEntry
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.rituals.factories import JournalEntryFactory, WeeklyReviewFactory
from tests.steps.factories import StepFactory

from .conftest import blocked, too_many, unavailable
from .helpers import at, beat, deliveries, schedule

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"


def berlin_user(**fields):
    with at(BERLIN, 2026, 6, 1, 7, 0):
        return UserFactory(**{"time_zone": BERLIN, "telegram_id": 7001, "locale": "en", **fields})


def test_a_reminder_one_minute_ahead_arrives_once_with_streak_step_and_link(bot_api):
    user = berlin_user()
    with at(BERLIN, 2026, 6, 1, 7, 0):
        StepFactory(user=user, goal__user=user, title="Run 5 km", planned_date=date(2026, 6, 1), level="day")
        JournalEntryFactory(user=user, type="evening", entry_date=date(2026, 5, 31))  # a live streak of 1
    with at(BERLIN, 2026, 6, 1, 7, 59):  # the morning (08:00) is one minute ahead
        assert beat() == 0
    assert bot_api.calls == []
    with at(BERLIN, 2026, 6, 1, 8, 0, 3):
        assert beat() == 1
    assert len(bot_api.calls) == 1
    call = bot_api.calls[0]
    assert call["path"] == "/bot123456:TEST-token/sendMessage"
    assert call["chat_id"] == 7001
    assert "Good morning!" in call["text"]
    assert "Your streak: 1 day in a row." in call["text"]
    assert "Planned for today: Run 5 km" in call["text"]
    assert "https://app.mechta.test/rituals/morning" in call["text"]
    for minute in (1, 2):  # later minutes: nothing more today
        with at(BERLIN, 2026, 6, 1, 8, minute):
            assert beat() == 0
    assert len(bot_api.calls) == 1
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.channel, delivery.local_date) == ("sent", "telegram", date(2026, 6, 1))
    with at(BERLIN, 2026, 6, 1, 9, 0):
        history = client_for(user).get("/api/v1/me/reminders/history").json()["result"]["items"]
    assert history[0]["status"] == "sent" and history[0]["sent_at"] == "2026-06-01T06:00:03Z"
    assert schedule(user).next_fire_at.isoformat() == "2026-06-02T06:00:00+00:00"  # moved on


def test_russian_user_gets_russian_text(bot_api):
    berlin_user(locale="ru")
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    assert "Доброе утро!" in bot_api.texts(7001)[0]


def test_already_written_entry_means_skipped_not_sent(bot_api):
    user = berlin_user()
    with at(BERLIN, 2026, 6, 1, 7, 30):
        response = client_for(user).post(
            "/api/v1/rituals/entry", {"type": "morning", "answers": {"intention": "Run"}}, format="json"
        )
        assert response.status_code in (200, 201), response.json()
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    assert bot_api.calls == []
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.reason) == ("skipped", "entry_exists")
    with at(BERLIN, 2026, 6, 1, 9, 0):
        item = client_for(user).get("/api/v1/me/reminders/history").json()["result"]["items"][0]
    assert item == {"kind": "morning", "channel": None, "local_date": "2026-06-01", "status": "skipped",
                    "reason": "entry_exists", "sent_at": None}


def test_quiet_hours_skip(bot_api):
    user = berlin_user()
    with at(BERLIN, 2026, 6, 1, 7, 0):
        services.reminders_update(user=user, data={"quiet_hours": {"start": _t(22), "end": _t(8, 30)}})
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    assert bot_api.calls == []
    assert deliveries(user)[0].reason == "quiet_hours"


def _t(hour, minute=0):
    from datetime import time

    return time(hour, minute)


def test_weekly_review_only_when_the_week_is_not_reviewed(bot_api):
    reviewed = berlin_user(telegram_id=7101)
    berlin_user(telegram_id=7102)  # its week stays unreviewed
    with at(BERLIN, 2026, 6, 7, 12, 0):
        WeeklyReviewFactory(user=reviewed, week_start=date(2026, 6, 1))
    with at(BERLIN, 2026, 6, 7, 19, 0):  # Sunday 19:00
        beat()
    assert bot_api.texts(7101) == []
    assert len(bot_api.texts(7102)) == 1 and "review" in bot_api.texts(7102)[0]
    assert deliveries(reviewed, "weekly_review")[0].reason == "week_reviewed"


def test_a_blocked_bot_turns_the_channel_off(bot_api):
    user = berlin_user()
    bot_api.script(7001, blocked())
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.reason) == ("failed", "telegram_blocked")
    with at(BERLIN, 2026, 6, 1, 8, 5):
        result = client_for(user).get("/api/v1/me/reminders").json()["result"]
        assert result["channels"]["telegram"] is False
        assert schedule(user, "evening").next_fire_at is None  # no channel left: nothing scheduled
    with at(BERLIN, 2026, 6, 2, 8, 0):
        beat()
    assert len(bot_api.calls) == 1  # never tried again


@pytest.fixture
def queued_retries(monkeypatch):
    """Retries the sender queues (with their countdown) instead of running them at once."""
    from apps.reminders import tasks

    queued = []
    monkeypatch.setattr(tasks, "_retry", lambda ids, countdown: queued.append((ids, countdown)))
    return queued


def test_429_is_retried_after_retry_after_and_not_lost(bot_api, queued_retries):
    user = berlin_user()
    bot_api.script(7001, too_many(7))
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.reason) == ("pending", "telegram_rate_limited")
    assert queued_retries == [([str(delivery.pk)], 7.0)]
    from apps.reminders import tasks

    with at(BERLIN, 2026, 6, 1, 8, 0, 8):
        tasks.send(queued_retries[0][0])
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(bot_api.calls) == 2


def test_5xx_is_retried_with_backoff_then_failed(bot_api, queued_retries, settings):
    settings.REMINDERS_MAX_ATTEMPTS = 3
    settings.REMINDERS_RETRY_BACKOFF_SECONDS = 5
    user = berlin_user()
    bot_api.script(7001, unavailable(), unavailable(), unavailable())
    from apps.reminders import tasks

    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
        tasks.send(queued_retries[0][0])
        tasks.send(queued_retries[1][0])
    assert [countdown for _ids, countdown in queued_retries] == [5, 10]  # exponential backoff
    [delivery] = deliveries(user)
    assert (delivery.status, delivery.reason, delivery.attempts) == ("failed", "telegram_unavailable", 3)
    assert len(bot_api.calls) == 3


def test_seven_ignored_reminders_pause_the_kind_until_an_entry(bot_api, django_capture_on_commit_callbacks):
    user = berlin_user()
    for day in range(1, 9):
        with at(BERLIN, 2026, 6, day, 8, 0):
            beat()
    texts = bot_api.texts(7001)
    mornings = [text for text in texts if "Good morning!" in text]
    assert len(mornings) == 7  # the 8th morning is not sent
    assert all("last reminder" not in text for text in mornings[:6])
    assert "This is the last reminder of this kind for now" in mornings[6]
    with at(BERLIN, 2026, 6, 8, 9, 0):
        client = client_for(user)
        assert client.get("/api/v1/me/reminders").json()["result"]["paused_kinds"] == ["morning"]
        assert schedule(user).next_fire_at is None
        with django_capture_on_commit_callbacks(execute=True):  # reminders react after the entry's commit
            client.post("/api/v1/rituals/entry", {"type": "morning", "answers": {"intention": "Back"}}, format="json")
        assert client.get("/api/v1/me/reminders").json()["result"]["paused_kinds"] == []
    with at(BERLIN, 2026, 6, 9, 8, 0):
        beat()
    assert len([t for t in bot_api.texts(7001) if "Good morning!" in t]) == 8


def test_a_time_zone_change_moves_the_schedule(bot_api):
    user = berlin_user()
    with at(BERLIN, 2026, 6, 1, 7, 0):
        response = client_for(user).put("/api/v1/me", {"time_zone": "America/New_York"}, format="json")
        assert response.status_code == 200, response.json()
    assert schedule(user).next_fire_at.isoformat() == "2026-06-01T12:00:00+00:00"  # 08:00 in New York
    with at(BERLIN, 2026, 6, 1, 8, 0):
        beat()
    assert bot_api.calls == []
    with at("America/New_York", 2026, 6, 1, 8, 0):
        beat()
    assert len(bot_api.calls) == 1


def test_a_reminder_found_hours_late_is_skipped(bot_api):
    user = berlin_user()
    with at(BERLIN, 2026, 6, 1, 11, 0):  # beat was down at 08:00
        beat()
    assert bot_api.calls == []
    assert deliveries(user)[0].reason == "late"


def test_users_far_east_and_far_west_get_theirs_at_their_morning(bot_api):
    with at("UTC", 2026, 6, 1, 0, 0):
        east = UserFactory(time_zone="Pacific/Kiritimati", telegram_id=8001)
        west = UserFactory(time_zone="Pacific/Pago_Pago", telegram_id=8002)
    with at("UTC", 2026, 6, 1, 18, 0):  # 08:00 on 2 June in UTC+14
        beat()
    assert [call["chat_id"] for call in bot_api.calls] == [8001]
    with at("UTC", 2026, 6, 1, 19, 0):  # 08:00 on 1 June in UTC−11
        beat()
    assert [call["chat_id"] for call in bot_api.calls] == [8001, 8002]
    assert deliveries(east)[0].local_date == date(2026, 6, 2)
    assert deliveries(west)[0].local_date == date(2026, 6, 1)


def test_the_constraint_refuses_a_second_delivery_for_the_day(db):
    user = UserFactory()
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    ReminderDelivery.objects.create(user=user, kind="morning", local_date=date(2026, 6, 1), fire_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderDelivery.objects.create(user=user, kind="morning", local_date=date(2026, 6, 1), fire_at=timezone.now())
    assert JournalEntry.objects.count() == 0


def test_a_large_minute_is_continued_by_a_new_run_not_an_endless_one(bot_api, settings):
    settings.REMINDERS_DISPATCH_BATCH = 2
    settings.REMINDERS_DISPATCH_MAX_SECONDS = 0  # the budget ends after the first batch
    with at("UTC", 2026, 6, 1, 7, 0):
        for n in range(5):
            UserFactory(telegram_id=8100 + n)
    again, queued = [], []
    with at("UTC", 2026, 6, 1, 8, 0):
        first = services.reminders_dispatch_due(enqueue=queued.append, again=lambda: again.append(1))
        assert (first, again) == (2, [1])  # two queued, then handed on
        while again:
            again.pop()
            services.reminders_dispatch_due(enqueue=queued.append, again=lambda: again.append(1))
    assert sorted(len(chunk) for chunk in queued) == [1, 2, 2]
    assert ReminderDelivery.objects.filter(kind="morning", status="pending").count() == 5


def test_a_batch_larger_than_one_statement_is_written_in_chunks(bot_api, monkeypatch):
    monkeypatch.setattr(services, "SQL_CHUNK", 2)
    with at("UTC", 2026, 6, 1, 7, 0):
        for n in range(5):
            UserFactory(telegram_id=8200 + n)
    with at("UTC", 2026, 6, 1, 8, 0):
        assert beat() == 5
    assert sorted(call["chat_id"] for call in bot_api.calls) == [8200 + n for n in range(5)]
    assert ReminderDelivery.objects.filter(kind="morning", status="sent").count() == 5
