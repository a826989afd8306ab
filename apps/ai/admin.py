from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin

from .jobs import ai_job_kinds, ai_job_label
from .models import AIJob


class AIJobKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, ai_job_label(kind)) for kind in ai_job_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(AIJob)
class AIJobAdmin(ReadOnlyAdmin):
    """Jobs are made and finished by the AI-job layer (apps.ai.jobs); admins can only look."""

    list_display = ("kind_label", "status", "user", "created_at", "finished_at", "error_code")
    list_filter = (AIJobKindFilter, "status")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, job):
        return ai_job_label(job.kind)
