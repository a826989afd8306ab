from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ServiceWritesAdmin

from . import services
from .models import Step

EDITABLE = ("title", "description", "status", "planned_date", "order_index")


@admin.register(Step)
class StepAdmin(ServiceWritesAdmin):
    """Steps are created through the API; admins may correct their texts, status and dates
    and delete them. The tree (goal, parent, level) is read-only here. Every write goes
    through the services (step XP, `completed_at`, sub-steps deleted with the step)."""

    list_display = ("title", "user", "goal_title", "level", "status", "planned_date", "created_at")
    list_filter = ("level", "status")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "title", "goal__title", "=id")
    list_select_related = ("user", "goal")
    editable = EDITABLE
    raw_id_fields = ("user", "goal", "parent")
    readonly_fields = ("user", "goal", "parent", "level", "completed_at", "created_at", "updated_at")
    fields = ("user", "goal", "parent", "level", *EDITABLE, "completed_at", "created_at", "updated_at")
    ordering = ("-created_at",)

    @admin.display(description=_("goal"), ordering="goal__title")
    def goal_title(self, step):
        return step.goal.title

    def service_update(self, obj, changes):
        services.step_update(user=obj.user, step=obj, **changes)

    def service_delete(self, obj):
        services.step_delete(step=obj)
