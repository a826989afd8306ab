from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin
from apps.core.locale import locale_active

from .models import Achievement, UserAchievement, XPEvent, XPTotal


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "rule", "xp_reward", "is_active", "order_index"]
    list_editable = ["is_active", "order_index"]
    list_filter = ["is_active", "rule_counter"]
    search_fields = ["code", "title_en", "title_ru"]
    ordering = ["order_index", "code"]

    @admin.display(description=_("title"), ordering="title_en")
    def title(self, obj):
        title = obj.title_en if locale_active() == "en" else obj.title_ru
        return f"{obj.icon} {title}".strip()

    @admin.display(description=_("rule"), ordering="rule_counter")
    def rule(self, obj):
        return f"{obj.get_rule_counter_display()} ≥ {obj.rule_threshold}"


@admin.register(UserAchievement)
class UserAchievementAdmin(ReadOnlyAdmin):
    list_display = ["achievement", "user", "obtained_at"]
    list_filter = ["achievement"]
    list_select_related = ["achievement", "user"]
    raw_id_fields = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username", "achievement__code"]


@admin.register(XPEvent)
class XPEventAdmin(ReadOnlyAdmin):
    list_display = ["user", "reason", "object_id", "xp", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username", "object_id"]
    date_hierarchy = "created_at"


@admin.register(XPTotal)
class XPTotalAdmin(ReadOnlyAdmin):
    list_display = ["user", "xp", "xp_reached_at", "last_event_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "=user__telegram_id", "user__username"]
    ordering = ["-xp", "xp_reached_at"]
