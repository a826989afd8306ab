from django.contrib import admin

from apps.core.admin import ViewOnlyAdmin

from .models import LifeWheel


@admin.register(LifeWheel)
class LifeWheelAdmin(ViewOnlyAdmin):
    """Read-only: measurements belong to their users."""

    list_display = ("id", "user", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__email", "=user__telegram_id", "user__username")
    readonly_fields = ("id", "user", "scores", "note", "created_at", "updated_at")
    ordering = ("-created_at",)
