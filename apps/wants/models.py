import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import UUIDModel


class WantsRawStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")


class WantsRaw(UUIDModel):
    """One run of the wants exercise (stream, "future me", three reverse questions).
    A user has at most one draft (database constraint); a completed record never changes."""

    Status = WantsRawStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wants_raws", verbose_name=_("user"))
    status = models.CharField(max_length=16, choices=WantsRawStatus.choices, default=WantsRawStatus.DRAFT, verbose_name=_("status"))
    raw_wants_stream = models.TextField(blank=True, default="", verbose_name=_("wants stream"))
    stream_started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("stream started at"))
    stream_completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("stream completed at"))
    raw_future_me = models.TextField(blank=True, default="", verbose_name=_("future me"))
    future_me_started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("future me started at"))
    future_me_completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("future me completed at"))
    raw_envy = models.TextField(blank=True, default="", verbose_name=_("envy"))
    raw_regrets = models.TextField(blank=True, default="", verbose_name=_("regrets"))
    raw_what_to_do_5y = models.TextField(blank=True, default="", verbose_name=_("what to do in 5 years"))
    reverse_completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reverse completed at"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("wants exercise")
        verbose_name_plural = _("wants exercises")
        db_table = "wants_raw"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="draft"), name="wants_raw_one_draft_per_user"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "completed"]), name="wants_raw_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False), name="wants_raw_completed_has_time"
            ),
        ]
        indexes = [
            # GET /wants/history's filter and whole order (newest first, id breaks ties).
            models.Index(fields=["user", "status", "-completed_at", "-id"], name="wants_raw_user_history_id"),
        ]

    def __str__(self) -> str:
        return f"wants_raw {self.id} ({self.status})"


class WantsAnalysis(models.Model):
    """The AI's reading of one completed wants_raw. `task_id` is unique, so a redelivered
    Celery task never saves a second analysis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wants_analyses", verbose_name=_("user"))
    raw = models.ForeignKey(WantsRaw, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("exercise"))
    summary = models.TextField(verbose_name=_("summary"))
    top_wants = models.JSONField(default=list, verbose_name=_("top wants"))  # [{text, area_id, intensity 1..10}]
    by_area = models.JSONField(default=list, verbose_name=_("by area"))  # [{area_id, insight}]
    hidden_motives = models.JSONField(default=list, verbose_name=_("hidden motives"))  # [str]
    recommended_focus_areas = models.JSONField(default=list, verbose_name=_("recommended focus areas"))  # [area_id]
    model = models.CharField(max_length=128, blank=True, default="", verbose_name=_("AI model"))
    task_id = models.CharField(max_length=255, unique=True, null=True, blank=True, verbose_name=_("task id"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("wants analysis")
        verbose_name_plural = _("wants analyses")
        db_table = "wants_analysis"
        indexes = [models.Index(fields=["user", "-created_at"], name="wants_analysis_user_latest")]

    def __str__(self) -> str:
        return f"wants_analysis {self.id}"
