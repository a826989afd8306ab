"""Email through a real SMTP server (aiosmtpd) with working RFC 8058 headers; the
once-per-day constraint under two concurrent dispatchers on PostgreSQL."""

import email
import threading
import uuid
from email.policy import default
from urllib.parse import urlsplit

import pytest
from django.db import connection

from apps.reminders import services
from apps.reminders.models import ReminderDelivery
from tests.accounts.factories import UserFactory
from tests.conftest import client_for, postgres_only

from .helpers import at, beat, deliveries


@pytest.mark.django_db
def test_email_reminder_with_one_click_unsubscribe(smtp_server, bot_api, api_client):
    with at("Europe/Berlin", 2026, 6, 1, 7, 0):
        user = UserFactory(time_zone="Europe/Berlin", email="mail@example.com", locale="en")
        services.reminders_update(user=user, data={"channels": {"email": True}})
    with at("Europe/Berlin", 2026, 6, 1, 8, 0):
        assert beat() == 1
    assert bot_api.calls == []
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["mail@example.com"]
    message = email.message_from_bytes(envelope.content, policy=default)
    assert message["Subject"] == "MechtaAI: Morning ritual"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("http://testserver/api/v1/reminders/unsubscribe?token=")
    assert "Good morning!" in message.get_content()
    assert deliveries(user)[0].channel == "email"
    # what a mail client does with the headers (RFC 8058): POST the form body to the link
    parts = urlsplit(link)
    response = api_client.post(
        f"{parts.path}?{parts.query}", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    with at("Europe/Berlin", 2026, 6, 1, 9, 0):
        assert client_for(user).get("/api/v1/me/reminders").json()["result"]["channels"]["email"] is False
    with at("Europe/Berlin", 2026, 6, 2, 8, 0):
        assert beat() == 0
    assert len(smtp_server.messages) == 1


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_reminder_once(bot_api, settings):
    """Two beats (or workers) running the minute task at the same moment: each user gets one
    message, one delivery row — the rows are shared out by SKIP LOCKED and the unique
    constraint refuses any second delivery for a (user, kind, local date)."""
    settings.REMINDERS_DISPATCH_BATCH = 7  # many small batches, interleaving the two
    with at("UTC", 2026, 6, 1, 7, 0):
        users = [UserFactory(telegram_id=9000 + n) for n in range(40)]
    barrier = threading.Barrier(2)
    errors = []

    def dispatcher():
        try:
            with at("UTC", 2026, 6, 1, 8, 0, 1):
                barrier.wait(5)
                beat()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(call["chat_id"] for call in bot_api.calls) == sorted(u.telegram_id for u in users)
    assert ReminderDelivery.objects.filter(kind="morning", status="sent").count() == 40


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_the_constraint_holds_when_both_insert_the_same_day(db):
    """Even when two dispatchers both believe a row is due (a stale read), only one delivery
    row is written: the second insert conflicts on the constraint and inserts nothing."""
    from django.utils import timezone

    user = UserFactory()
    barrier = threading.Barrier(2)
    inserted = []

    def insert():
        try:
            barrier.wait(5)
            row = (str(uuid.uuid4()), user.pk, "morning", timezone.now().date(), timezone.now(), "pending", "")
            inserted.append(len(services._insert_new([row])))
        finally:
            connection.close()

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(inserted) == [0, 1]
    assert ReminderDelivery.objects.filter(user=user).count() == 1
