from django.contrib import admin

from .models import Achievement, UserAchievement, XPEvent, XPTotal


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger and what it paid for are written only by services (each row is money:
    editing one would desynchronise totals)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "title_ru", "icon", "rule_counter", "rule_threshold", "xp_reward", "is_active", "order_index"]
    list_editable = ["is_active", "order_index"]
    list_filter = ["is_active", "rule_counter"]
    search_fields = ["code", "title_en", "title_ru"]
    ordering = ["order_index", "code"]


@admin.register(UserAchievement)
class UserAchievementAdmin(ReadOnlyAdmin):
    list_display = ["achievement", "user", "obtained_at"]
    list_filter = ["achievement"]
    list_select_related = ["achievement", "user"]
    raw_id_fields = ["user"]
    search_fields = ["user__email", "achievement__code"]


@admin.register(XPEvent)
class XPEventAdmin(ReadOnlyAdmin):
    list_display = ["user", "reason", "object_id", "xp", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["user"]
    search_fields = ["user__email", "object_id"]
    date_hierarchy = "created_at"


@admin.register(XPTotal)
class XPTotalAdmin(ReadOnlyAdmin):
    list_display = ["user", "xp", "xp_reached_at", "last_event_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    ordering = ["-xp", "xp_reached_at"]
