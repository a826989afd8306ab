import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import UUIDModel


class WantsRawStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    COMPLETED = "completed", "completed"


class WantsRaw(UUIDModel):
    """One run of the wants exercise (stream, "future me", three reverse questions).
    A user has at most one draft (database constraint); a completed record never changes."""

    Status = WantsRawStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wants_raws")
    status = models.CharField(max_length=16, choices=WantsRawStatus.choices, default=WantsRawStatus.DRAFT)
    raw_wants_stream = models.TextField(blank=True, default="")
    stream_started_at = models.DateTimeField(null=True, blank=True)
    stream_completed_at = models.DateTimeField(null=True, blank=True)
    raw_future_me = models.TextField(blank=True, default="")
    future_me_started_at = models.DateTimeField(null=True, blank=True)
    future_me_completed_at = models.DateTimeField(null=True, blank=True)
    raw_envy = models.TextField(blank=True, default="")
    raw_regrets = models.TextField(blank=True, default="")
    raw_what_to_do_5y = models.TextField(blank=True, default="")
    reverse_completed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
            models.Index(fields=["user", "status", "-completed_at"], name="wants_raw_user_history"),
        ]

    def __str__(self) -> str:
        return f"wants_raw {self.id} ({self.status})"


class WantsAnalysis(models.Model):
    """The AI's reading of one completed wants_raw. `task_id` is unique, so a redelivered
    Celery task never saves a second analysis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wants_analyses")
    raw = models.ForeignKey(WantsRaw, on_delete=models.CASCADE, related_name="analyses")
    summary = models.TextField()
    top_wants = models.JSONField(default=list)  # [{text, area_id, intensity 1..10}]
    by_area = models.JSONField(default=list)  # [{area_id, insight}]
    hidden_motives = models.JSONField(default=list)  # [str]
    recommended_focus_areas = models.JSONField(default=list)  # [area_id]
    model = models.CharField(max_length=128, blank=True, default="")
    task_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "wants_analysis"
        indexes = [models.Index(fields=["user", "-created_at"], name="wants_analysis_user_latest")]

    def __str__(self) -> str:
        return f"wants_analysis {self.id}"
