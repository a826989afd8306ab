"""The minute task and the sender in a real Celery worker (started by .ci/run; skipped
otherwise). The worker runs the test settings: mail goes to its in-memory outbox."""

import time

import pytest
from django.utils import timezone

from apps.reminders import services, tasks
from apps.reminders.models import ReminderDelivery, ReminderSchedule
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_outcome(user, timeout: float = 30.0) -> ReminderDelivery | None:
    """The user's morning delivery once the worker has finished it (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = ReminderDelivery.objects.filter(user=user, kind="morning", status__in=["sent", "skipped", "failed"]).first()
        if delivery is not None:
            return delivery
        time.sleep(0.1)  # polling the row the worker writes, up to the deadline
    return None


def test_a_due_reminder_is_dispatched_and_sent_by_the_worker(celery_worker_app):
    user = UserFactory(email="worker-reminder@example.com", is_email_verified=True)
    services.reminders_update(user=user, data={"channels": {"email": True}})
    ReminderSchedule.objects.filter(user=user, kind="morning").update(next_fire_at=timezone.now())
    tasks.dispatch_due.delay()  # what beat does every minute
    delivery = wait_for_outcome(user)
    assert delivery is not None, "the worker did not finish the reminder within 30 s"
    assert (delivery.status, delivery.channel) == ("sent", "email")
    assert ReminderSchedule.objects.get(user=user, kind="morning").next_fire_at > timezone.now()
