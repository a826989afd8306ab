"""Reminders: a user's settings, one schedule row per (user, kind) carrying the indexed
next-fire instant in UTC, and one delivery row per (user, kind, local date)."""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    MORNING = "morning", _("morning")
    EVENING = "evening", _("evening")
    WEEKLY_REVIEW = "weekly_review", _("weekly review")


class ReminderChannel(models.TextChoices):
    TELEGRAM = "telegram", "Telegram"
    EMAIL = "email", _("email")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")  # written by the dispatcher, queued for sending
    SENDING = "sending", _("sending")  # claimed by one sender; the send is being attempted
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("skipped")
    FAILED = "failed", _("failed")


FINAL_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED)

DEFAULT_MORNING = time(8, 0)
DEFAULT_EVENING = time(21, 0)
DEFAULT_WEEKLY_WEEKDAY = 7  # Sunday (ISO weekday)
DEFAULT_WEEKLY = time(19, 0)


class ReminderSettings(models.Model):
    """What `GET /me/reminders` shows. `telegram_enabled` is the user's wish; the channel is
    usable only while the user also has a `telegram_id` (and a 403 from the bot turns it off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="reminder_settings",
        verbose_name=_("user"),
    )
    morning_enabled = models.BooleanField(default=True, verbose_name=_("morning reminder"))
    morning_time = models.TimeField(default=DEFAULT_MORNING, verbose_name=_("morning time"))
    evening_enabled = models.BooleanField(default=True, verbose_name=_("evening reminder"))
    evening_time = models.TimeField(default=DEFAULT_EVENING, verbose_name=_("evening time"))
    weekly_review_enabled = models.BooleanField(default=True, verbose_name=_("weekly review reminder"))
    weekly_review_weekday = models.PositiveSmallIntegerField(default=DEFAULT_WEEKLY_WEEKDAY, verbose_name=_("weekly review day"))
    weekly_review_time = models.TimeField(default=DEFAULT_WEEKLY, verbose_name=_("weekly review time"))
    telegram_enabled = models.BooleanField(default=True, verbose_name=_("Telegram"))
    email_enabled = models.BooleanField(default=False, verbose_name=_("email"))
    quiet_start = models.TimeField(null=True, blank=True, verbose_name=_("quiet hours start"))
    quiet_end = models.TimeField(null=True, blank=True, verbose_name=_("quiet hours end"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        db_table = "reminder_settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_review_weekday__gte=1, weekly_review_weekday__lte=7),
                name="reminder_settings_weekday_1_7",
            ),
        ]

    def __str__(self) -> str:
        return f"reminders of {self.user_id}"


class ReminderSchedule(models.Model):
    """One row per (user, kind). `next_fire_at` (UTC) is NULL while the kind is off, paused or
    has no usable channel; the minute task reads only rows with `next_fire_at <= now` through
    its partial index, never the users."""

    id = models.BigAutoField(primary_key=True, verbose_name=_("id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedules", verbose_name=_("user")
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices, verbose_name=_("kind"))
    next_fire_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next fire at (UTC)"))
    ignored_in_a_row = models.PositiveSmallIntegerField(default=0, verbose_name=_("ignored in a row"))
    paused = models.BooleanField(default=False, verbose_name=_("paused"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")
        db_table = "reminder_schedules"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="reminder_schedule_once_per_kind")]
        indexes = [
            models.Index(
                fields=["next_fire_at"], name="reminder_schedule_due", condition=models.Q(next_fire_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.user_id} at {self.next_fire_at}"


class ReminderDelivery(models.Model):
    """One reminder of one kind for one local date. Written (`pending`) BEFORE anything is
    sent, claimed (`sending`) by exactly one sender, then finished as sent / skipped / failed.
    The unique constraint is what makes "at most once per (user, kind, local date)" hold for
    any number of beats and workers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries", verbose_name=_("user")
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices, verbose_name=_("kind"))
    local_date = models.DateField(verbose_name=_("local date"))
    fire_at = models.DateTimeField(verbose_name=_("due at (UTC)"))
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, verbose_name=_("status")
    )
    channel = models.CharField(max_length=8, choices=ReminderChannel.choices, blank=True, default="", verbose_name=_("channel"))
    reason = models.CharField(max_length=32, blank=True, default="", verbose_name=_("reason"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        db_table = "reminder_deliveries"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "local_date"], name="reminder_delivery_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in DeliveryStatus]), name="reminder_delivery_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-local_date"], name="reminder_delivery_user_date"),
            models.Index(fields=["created_at"], name="reminder_delivery_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_date} of {self.user_id} ({self.status})"
