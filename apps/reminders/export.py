"""This app's part of `GET /me/export`."""

from .models import ReminderDelivery
from .presenters import delivery_public, paused_kinds_of, reminders_public
from .selectors import settings_of


def reminders_export(user) -> dict:
    deliveries = ReminderDelivery.objects.filter(user=user).order_by("local_date", "kind")
    return {
        "settings": reminders_public(settings=settings_of(user), user=user, paused_kinds=paused_kinds_of(user)),
        "deliveries": [delivery_public(d) for d in deliveries],
    }
