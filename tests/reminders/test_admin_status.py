"""The admin overview's reminders chart, the admin change lists, and the status page line."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from apps.backoffice import selectors
from apps.reminders.models import ReminderDelivery
from apps.reminders.tasks import BEAT_HEARTBEAT_KEY
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_web():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="root@example.com"))
    return client


def delivery(user, day: int, status: str, kind="morning"):
    with time_machine.travel(dt.datetime(2026, 6, day, 9, tzinfo=dt.UTC), tick=False):
        ReminderDelivery.objects.create(
            user=user, kind=kind, local_date=dt.date(2026, 6, day), fire_at=timezone.now(), status=status
        )


def test_overview_counts_reminders_sent_skipped_and_failed_per_day(staff_web):
    users = [UserFactory() for _ in range(3)]
    delivery(users[0], 18, "sent")
    delivery(users[1], 18, "sent")
    delivery(users[2], 18, "skipped")
    delivery(users[0], 19, "failed")
    delivery(users[1], 19, "pending")  # not finished: in no series
    data = selectors.overview_get(today=dt.date(2026, 6, 20))
    at = data["dates"].index
    assert data["reminders"]["sent"][at(dt.date(2026, 6, 18))] == 2
    assert data["reminders"]["skipped"][at(dt.date(2026, 6, 18))] == 1
    assert data["reminders"]["failed"][at(dt.date(2026, 6, 19))] == 1
    assert sum(data["reminders"]["sent"]) == 2
    with time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False):
        page = staff_web.get("/admin/overview/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'id="reminders"' in page.content.decode() or "Reminders per day" in page.content.decode()


@pytest.mark.parametrize("path", ["reminderdelivery", "reminderschedule", "remindersettings"])
def test_admin_change_lists_open(staff_web, path):
    delivery(UserFactory(), 18, "sent")
    assert staff_web.get(f"/admin/reminders/{path}/").status_code == 200


def test_status_page_says_reminders_are_off_without_beat(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reminders" in page
    assert "off — no beat process" in page


def test_status_page_shows_the_beat_heartbeat(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.set(BEAT_HEARTBEAT_KEY, __import__("time").time() - 30, 600)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on — the minute task ran" in page
    cache.set(BEAT_HEARTBEAT_KEY, __import__("time").time() - 600, 600)
    assert "last ran 10 min ago" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_admin_can_delete_a_user_with_reminder_rows(staff_web):
    user = UserFactory(telegram_id=6001)
    delivery(user, 18, "sent")
    response = staff_web.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ReminderDelivery.objects.filter(user_id=user.pk).exists()
