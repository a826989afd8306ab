from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.areas.selectors import area_list
from apps.core.admin import ServiceWritesAdmin
from apps.core.locale import locale_active

from . import services
from .models import Goal

EDITABLE = ("area", "title", "description", "horizon", "status", "priority", "size", "target_date", "metric", "source")


class GoalAreaFilter(admin.SimpleListFilter):
    title = _("area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        locale = locale_active()
        return [(record["id"], record[f"title_{locale}"] or record["title_ru"]) for record in area_list(include_inactive=True)]

    def queryset(self, request, queryset):
        return queryset.filter(area_id=self.value()) if self.value() else queryset


@admin.register(Goal)
class GoalAdmin(ServiceWritesAdmin):
    """Goals are created through the API; admins may correct and delete them. Every write
    goes through the services (completion XP, `completed_at`, steps deleted with the goal)."""

    list_display = ("title", "user", "area_name", "horizon", "status", "target_date", "created_at")
    list_filter = ("horizon", "status", "size", "source", GoalAreaFilter)
    search_fields = ("user__email", "=user__telegram_id", "user__username", "title", "=id")
    list_select_related = ("user", "area")
    editable = EDITABLE
    raw_id_fields = ("user",)
    readonly_fields = ("user", "completed_at", "created_at", "updated_at")
    fields = ("user", *EDITABLE, "completed_at", "created_at", "updated_at")
    ordering = ("-created_at",)

    @admin.display(description=_("area"), ordering="area__order_index")
    def area_name(self, goal):
        area = goal.area
        return (area.title_en if locale_active() == "en" else "") or area.title_ru

    def service_update(self, obj, changes):
        services.goal_update(user=obj.user, goal=obj, **changes)

    def service_delete(self, obj):
        services.goal_delete(goal=obj)
