"""Clock and setup helpers of the reminders tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.reminders import tasks
from apps.reminders.models import ReminderDelivery, ReminderSchedule


def at(zone: str, *args, tick: bool = False):
    """Travel to local time `args` (year, month, day, hour, minute[, second]) in `zone`."""
    return time_machine.travel(datetime(*args, tzinfo=ZoneInfo(zone)), tick=tick)


def beat() -> int:
    """One run of the minute task, as Celery beat starts it (sends run eagerly in tests)."""
    return tasks.dispatch_due()


def deliveries(user, kind="morning"):
    return list(ReminderDelivery.objects.filter(user=user, kind=kind).order_by("local_date"))


def schedule(user, kind="morning") -> ReminderSchedule:
    return ReminderSchedule.objects.get(user=user, kind=kind)
