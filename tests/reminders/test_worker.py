"""The minute task and the sender in a real Celery worker (started by .ci/run; skipped
otherwise). The worker runs the test settings: mail goes to its in-memory outbox."""

import pytest
from django.core import mail
from django.utils import timezone

from apps.reminders import services, tasks
from apps.reminders.models import ReminderDelivery, ReminderSchedule
from tests.accounts.factories import UserFactory
from tests.helpers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_due_reminder_is_dispatched_and_sent_by_the_worker(celery_worker_app):
    user = UserFactory(email="worker-reminder@example.com", is_email_verified=True)
    services.reminders_update(user=user, data={"channels": {"email": True}})
    ReminderSchedule.objects.filter(user=user, kind="morning").update(next_fire_at=timezone.now())
    tasks.dispatch_due.delay()  # what beat does every minute
    delivery = wait_until(
        lambda: ReminderDelivery.objects.filter(user=user, kind="morning", status__in=["sent", "skipped", "failed"]).first(),
        what="the worker to finish the reminder",
    )
    assert (delivery.status, delivery.channel) == ("sent", "email")
    assert ReminderSchedule.objects.get(user=user, kind="morning").next_fire_at > timezone.now()
    assert mail.outbox == []  # sent by the worker (into its own outbox), not by this process
