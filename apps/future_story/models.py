from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import UUIDModel


class FutureStoryHorizon(models.TextChoices):
    Y3 = "3y", _("3 years")
    Y5 = "5y", _("5 years")


class FutureStoryDraft(UUIDModel):
    """The interview in progress: one per user (database constraint), one answer per area."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="future_story_draft", verbose_name=_("user"))

    class Meta:
        verbose_name = _("future story interview")
        verbose_name_plural = _("future story interviews")
        db_table = "future_story_draft"

    def __str__(self) -> str:
        return f"future story draft {self.id}"


class FutureStoryAnswer(models.Model):
    """The answer to one area's question. `area_id` is a plain slug (areas are deactivated,
    never deleted, and an old answer must not block an admin's area cleanup)."""

    draft = models.ForeignKey(FutureStoryDraft, on_delete=models.CASCADE, related_name="answers", verbose_name=_("interview"))
    area_id = models.CharField(max_length=50, verbose_name=_("area"))
    question = models.TextField(verbose_name=_("question"))
    answer = models.TextField(blank=True, default="", verbose_name=_("answer"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("interview answer")
        verbose_name_plural = _("interview answers")
        db_table = "future_story_answer"
        constraints = [
            models.UniqueConstraint(fields=["draft", "area_id"], name="future_story_one_answer_per_area"),
        ]

    def __str__(self) -> str:
        return f"answer {self.area_id} of draft {self.draft_id}"


class FutureStory(UUIDModel):
    """A generated story of the user's future.

    horizons = {"3y": {"full_text", "by_area": [{area_id, title, paragraph}]}, "5y": {...}}
    images   = [{image_key, area_id, title, dall_e_prompt}]
    `job_key` (the AI job's id) is unique: a job redelivered never saves a second story."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="future_stories", verbose_name=_("user"))
    horizons = models.JSONField(default=dict, verbose_name=_("horizons"))
    images = models.JSONField(default=list, verbose_name=_("pictures"))
    model = models.CharField(max_length=128, blank=True, default="", verbose_name=_("AI model"))
    job_key = models.CharField(max_length=255, unique=True, null=True, blank=True, verbose_name=_("job key"))

    class Meta:
        verbose_name = _("future story")
        verbose_name_plural = pgettext_lazy("model name", "future stories")
        db_table = "future_story"
        indexes = [models.Index(fields=["user", "-created_at"], name="future_story_user_latest")]

    def __str__(self) -> str:
        return f"future story {self.id}"
