from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

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
    verbose_name = _("interview answer")
    verbose_name_plural = _("interview answers")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FutureStoryDraft)
class FutureStoryDraftAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "answer_count", "created_at", "updated_at")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    inlines = [FutureStoryAnswerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("answers"))

    @admin.display(description=_("answers"), ordering="answer_count")
    def answer_count(self, draft):
        return draft.answer_count


@admin.register(FutureStory)
class FutureStoryAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "picture_count", "model", "created_at")
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id", "=job_key")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    list_filter = ("model",)

    @admin.display(description=_("pictures"))
    def picture_count(self, story):
        return len(story.images or [])

    # A story's pictures go with it: their rows by CASCADE, their files after the commit.
    def delete_model(self, request, obj):
        self.delete_queryset(request, FutureStory.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        from apps.visuals.models import VisualAsset
        from apps.visuals.services import visuals_assets_delete

        with transaction.atomic():
            visuals_assets_delete(assets=list(VisualAsset.objects.filter(story__in=queryset)))
            queryset.delete()
