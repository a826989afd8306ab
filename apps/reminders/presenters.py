"""Public dicts of reminders (API bodies, export)."""

from apps.core.timestamps import iso_utc

from .models import ReminderKind, ReminderSchedule


def _hhmm(value) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def reminders_public(*, settings, user, paused_kinds: list[str]) -> dict:
    quiet = None
    if settings.quiet_start is not None and settings.quiet_end is not None:
        quiet = {"start": _hhmm(settings.quiet_start), "end": _hhmm(settings.quiet_end)}
    return {
        "morning": {"enabled": settings.morning_enabled, "time": _hhmm(settings.morning_time)},
        "evening": {"enabled": settings.evening_enabled, "time": _hhmm(settings.evening_time)},
        "weekly_review": {
            "enabled": settings.weekly_review_enabled,
            "weekday": settings.weekly_review_weekday,
            "time": _hhmm(settings.weekly_review_time),
        },
        "channels": {
            "telegram": bool(settings.telegram_enabled and user.telegram_id),
            "email": bool(settings.email_enabled),
        },
        "quiet_hours": quiet,
        "paused_kinds": [kind for kind in ReminderKind.values if kind in paused_kinds],
    }


def paused_kinds_of(user) -> list[str]:
    return list(ReminderSchedule.objects.filter(user=user, paused=True).values_list("kind", flat=True))


def delivery_public(delivery) -> dict:
    return {
        "kind": delivery.kind,
        "channel": delivery.channel or None,
        "local_date": delivery.local_date.isoformat(),
        "status": delivery.status,
        "reason": delivery.reason or None,
        "sent_at": iso_utc(delivery.sent_at) if delivery.sent_at else None,
    }
