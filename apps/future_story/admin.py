from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.core.admin import NoAddMixin, ViewOnlyAdmin

from .models import FutureStory, FutureStoryAnswer, FutureStoryDraft
from .services import future_stories_delete


class FutureStoryAnswerInline(NoAddMixin, admin.TabularInline):
    model = FutureStoryAnswer
    fields = ("area_id", "question", "answer", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("interview answer")
    verbose_name_plural = _("interview answers")


@admin.register(FutureStoryDraft)
class FutureStoryDraftAdmin(ViewOnlyAdmin):
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
class FutureStoryAdmin(ViewOnlyAdmin):
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
        future_stories_delete(queryset=queryset)
