"""View-only (delete stays): every user has schedule rows, and Django admin refuses to delete a
user whose related rows its admin may not delete."""

from django.contrib import admin

from apps.core.admin import ViewOnlyAdmin

from .models import ReminderDelivery, ReminderSchedule, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(ViewOnlyAdmin):
    list_display = ["user", "morning_time", "evening_time", "weekly_review_time", "telegram_enabled", "email_enabled"]
    list_filter = ["telegram_enabled", "email_enabled"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(ViewOnlyAdmin):
    list_display = ["user", "kind", "next_fire_at", "ignored_in_a_row", "paused"]
    list_filter = ["kind", "paused"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ViewOnlyAdmin):
    list_display = ["user", "kind", "local_date", "status", "channel", "reason", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel", "reason"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]
    date_hierarchy = "local_date"
