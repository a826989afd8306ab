from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AIJob

# Human names of the registered job kinds; an unknown kind shows as it is stored.
KIND_LABELS = {
    "wants.analyze": _("wants analysis"),
    "future_story.generate": _("future story"),
    "visuals.generate_story_image": _("story picture"),
    "visuals.regenerate": _("picture regenerated"),
    "goals.generate": _("goal suggestions"),
    "steps.generate": _("steps plan"),
    "rituals.weekly_review": _("weekly review"),
}


class AIJobKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(KIND_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(AIJob)
class AIJobAdmin(admin.ModelAdmin):
    """Jobs are made and finished by the AI-job layer (apps.ai.jobs); admins can only look."""

    list_display = ("kind_label", "status", "user", "created_at", "finished_at", "error_code")
    list_filter = (AIJobKindFilter, "status")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, job):
        return KIND_LABELS.get(job.kind, job.kind)
