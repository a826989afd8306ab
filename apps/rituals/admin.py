from django.contrib import admin

from .models import JournalEntry, WeeklyReview


class ReadOnlyAdmin(admin.ModelAdmin):
    """A user's journal and reviews are written only through the API's services (XP, streaks
    and the one-per-day rule depend on them); admins can look, not add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
