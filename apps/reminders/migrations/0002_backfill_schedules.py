"""Existing users get the default schedule (new users get it at signup): every kind's row, and
a next fire for users a channel reaches by default (a Telegram account; email starts off)."""

from datetime import time
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from apps.reminders.schedule import next_fire

DEFAULTS = {"morning": (time(8, 0), None), "evening": (time(21, 0), None), "weekly_review": (time(19, 0), 7)}


def _zone(name):
    try:
        return ZoneInfo(name or "UTC")
    except Exception:
        return ZoneInfo("UTC")


def backfill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Schedule = apps.get_model("reminders", "ReminderSchedule")
    now = timezone.now()
    rows = []
    for user_id, zone_name, telegram_id in User.objects.values_list("id", "time_zone", "telegram_id").iterator(chunk_size=2000):
        for kind, (at, weekday) in DEFAULTS.items():
            fire = next_fire(after=now, at=at, zone=_zone(zone_name), weekday=weekday)[0] if telegram_id else None
            rows.append(Schedule(user_id=user_id, kind=kind, next_fire_at=fire))
        if len(rows) >= 3000:
            Schedule.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Schedule.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("accounts", "0005_harden_verbose_names")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
