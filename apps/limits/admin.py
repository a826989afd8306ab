from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from .models import QuotaCharge, QuotaUsage


@admin.register(QuotaUsage)
class QuotaUsageAdmin(ReadOnlyAdmin):
    list_display = ("user", "resource", "period_start", "used")
    list_filter = ("resource", "period_start")
    search_fields = ("user__email", "=user__telegram_id", "user__username")
    list_select_related = ("user",)


@admin.register(QuotaCharge)
class QuotaChargeAdmin(ReadOnlyAdmin):
    list_display = ("user", "resource", "key", "created_at")
    list_filter = ("resource",)
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
