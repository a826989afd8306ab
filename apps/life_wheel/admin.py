from django.contrib import admin

from apps.core.admin import ViewOnlyAdmin

from .models import LifeWheel
from .selectors import life_wheel_first_page_drop


@admin.register(LifeWheel)
class LifeWheelAdmin(ViewOnlyAdmin):
    """Read-only: measurements belong to their users."""

    list_display = ("id", "user", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__email", "=user__telegram_id", "user__username")
    readonly_fields = ("id", "user", "scores", "note", "created_at", "updated_at")
    ordering = ("-created_at",)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        life_wheel_first_page_drop(obj.user_id)

    def delete_queryset(self, request, queryset):
        user_ids = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in user_ids:
            life_wheel_first_page_drop(user_id)
