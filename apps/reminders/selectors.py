"""Reads of the reminders module."""

from datetime import UTC, date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncDate

from .models import FINAL_STATUSES, ReminderDelivery, ReminderSettings


def settings_of(user) -> ReminderSettings:
    """The user's settings; an unsaved row with the defaults when they never changed them."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


def delivery_history(*, user):
    """Finished deliveries, newest local date first (pending ones are not history yet)."""
    return ReminderDelivery.objects.filter(user=user, status__in=FINAL_STATUSES).order_by("-local_date", "kind")


def deliveries_per_day(*, since: date) -> dict[date, dict[str, int]]:
    """`{day: {status: count}}` of deliveries created per UTC day since `since` (admin overview):
    one aggregate query on the indexed `created_at`."""
    rows = (
        ReminderDelivery.objects.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=UTC))
        .annotate(day=TruncDate("created_at"))
        .values("day", "status")
        .annotate(count=Count("id"))
        .values_list("day", "status", "count")
    )
    result: dict[date, dict[str, int]] = {}
    for day, status, count in rows:
        day = date.fromisoformat(day) if isinstance(day, str) else day
        result.setdefault(day, {})[status] = count
    return result
