from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from .models import JournalEntry, WeeklyReview


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["user", "type", "entry_date", "mood_score", "energy_score", "created_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]
    date_hierarchy = "entry_date"


@admin.register(WeeklyReview)
class WeeklyReviewAdmin(ReadOnlyAdmin):
    list_display = ["user", "week_start", "status", "model", "created_at"]
    raw_id_fields = ["user"]
    list_filter = ["status"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]
    date_hierarchy = "week_start"
