from django.contrib import admin

from apps.core.admin import ViewOnlyAdmin

from . import services
from .models import WantsAnalysis, WantsRaw


@admin.register(WantsRaw)
class WantsRawAdmin(ViewOnlyAdmin):
    def delete_model(self, request, obj):
        services.wants_raw_delete_many(raws=WantsRaw.objects.filter(pk=obj.pk))  # renews the progress cache

    def delete_queryset(self, request, queryset):
        services.wants_raw_delete_many(raws=queryset)

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
