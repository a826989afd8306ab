from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ViewOnlyAdmin

from .models import VisualAsset
from .services import visuals_assets_delete
from .storage import image_url


@admin.register(VisualAsset)
class VisualAssetAdmin(ViewOnlyAdmin):
    """Pictures are made through the API (quota, XP); admins can look and delete, not edit."""

    list_display = ("thumbnail", "image_key", "user", "story", "size", "model", "created_at")
    list_filter = ("model",)
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id", "image_key", "=story__id")
    list_select_related = ("user", "story")
    raw_id_fields = ("user", "story")
    readonly_fields = ("preview",)

    @admin.display(description=_("picture"))
    def thumbnail(self, asset):
        return format_html('<img src="{}" alt="" style="height:48px;border-radius:4px">', image_url(asset.file_name))

    @admin.display(description=_("preview"))
    def preview(self, asset):
        return format_html('<img src="{}" alt="" style="max-width:320px">', image_url(asset.file_name))

    @admin.display(description=_("size"))
    def size(self, asset):
        return f"{asset.width}×{asset.height}"

    def delete_model(self, request, obj):
        visuals_assets_delete(assets=[obj])

    def delete_queryset(self, request, queryset):
        visuals_assets_delete(assets=list(queryset))
