from django.contrib import admin

from apps.core.admin import ViewOnlyAdmin

from .models import WantsAnalysis, WantsRaw
from .selectors import wants_progress_drop


@admin.register(WantsRaw)
class WantsRawAdmin(ViewOnlyAdmin):
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        wants_progress_drop(obj.user_id)

    def delete_queryset(self, request, queryset):
        user_ids = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in user_ids:
            wants_progress_drop(user_id)

    list_display = ("id", "user", "status", "created_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(WantsAnalysis)
class WantsAnalysisAdmin(ViewOnlyAdmin):
    list_display = ("id", "user", "raw", "model", "created_at")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id", "=task_id")
    list_select_related = ("user",)
    raw_id_fields = ("user", "raw")
