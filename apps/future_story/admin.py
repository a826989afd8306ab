from django.contrib import admin
from django.db import transaction

from .models import FutureStory, FutureStoryAnswer, FutureStoryDraft


class ReadOnlyAdmin(admin.ModelAdmin):
    """User content is written through the API's services only; admins can look, not edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FutureStoryAnswerInline(admin.TabularInline):
    model = FutureStoryAnswer
    fields = ("area_id", "question", "answer", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FutureStoryDraft)
class FutureStoryDraftAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "created_at", "updated_at")
    search_fields = ("user__email", "id")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    inlines = [FutureStoryAnswerInline]


@admin.register(FutureStory)
class FutureStoryAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "model", "created_at", "updated_at")
    search_fields = ("user__email", "id", "job_key")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    list_filter = ("model",)

    # A story's pictures go with it: their rows by CASCADE, their files after the commit.
    def delete_model(self, request, obj):
        self.delete_queryset(request, FutureStory.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        from apps.visuals.models import VisualAsset
        from apps.visuals.services import visuals_assets_delete

        with transaction.atomic():
            visuals_assets_delete(assets=list(VisualAsset.objects.filter(story__in=queryset)))
            queryset.delete()
