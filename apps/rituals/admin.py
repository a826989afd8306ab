from django.contrib import admin

from .models import JournalEntry


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "entry_date", "mood_score", "energy_score", "created_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]
    date_hierarchy = "entry_date"
