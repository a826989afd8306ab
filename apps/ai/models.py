import uuid

from django.conf import settings
from django.db import models


class AIJob(models.Model):
    """One piece of AI work asked for by a user: what was asked (`kind`, `params`), by when it
    must be done (`deadline_at`), and how it ended — the public `result` the synchronous
    endpoint answers, or the error it answers. Work finished after the deadline is discarded."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_jobs")
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    locale = models.CharField(max_length=8, default="ru")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_http_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_details = models.JSONField(default=dict, blank=True)
    model = models.CharField(max_length=128, blank=True)
    deadline_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ai_jobs"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="ai_job_user_created"),
            models.Index(fields=["created_at"], name="ai_job_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]), name="ai_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} ({self.id})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
