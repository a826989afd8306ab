from django.contrib import admin

from . import services
from .models import Goal

EDITABLE = ("area", "title", "description", "horizon", "status", "priority", "size", "target_date", "metric", "source")


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    """Goals are created through the API; admins may correct and delete them. Every write
    goes through the services (completion XP, `completed_at`, steps deleted with the goal)."""

    list_display = ("title", "user", "area", "horizon", "status", "target_date", "created_at")
    list_filter = ("horizon", "status", "size", "source", "area")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "title", "=id")
    list_select_related = ("user", "area")
    raw_id_fields = ("user",)
    readonly_fields = ("user", "completed_at", "created_at", "updated_at")
    fields = ("user", *EDITABLE, "completed_at", "created_at", "updated_at")
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE}
        services.goal_update(user=obj.user, goal=obj, **changes)

    def delete_model(self, request, obj):
        services.goal_delete(goal=obj)

    def delete_queryset(self, request, queryset):
        for goal in queryset:
            services.goal_delete(goal=goal)
