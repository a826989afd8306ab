import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AIJob(models.Model):
    """One piece of AI work asked for by a user: what was asked (`kind`, `params`), by when it
    must be done (`deadline_at`), and how it ended — the public `result` the synchronous
    endpoint answers, or the error it answers. Work finished after the deadline is discarded."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("AI job status", "queued")
        RUNNING = "running", pgettext_lazy("AI job status", "running")
        SUCCEEDED = "succeeded", pgettext_lazy("AI job status", "succeeded")
        FAILED = "failed", pgettext_lazy("AI job status", "failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_jobs", verbose_name=_("user")
    )
    kind = models.CharField(max_length=64, verbose_name=_("kind"))
    params = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))
    locale = models.CharField(max_length=8, default="ru", verbose_name=_("language"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status"))
    result = models.JSONField(null=True, blank=True, verbose_name=_("result"))
    error_code = models.CharField(max_length=64, blank=True, verbose_name=_("error code"))
    error_http_code = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("error HTTP status"))
    error_details = models.JSONField(default=dict, blank=True, verbose_name=_("error details"))
    model = models.CharField(max_length=128, blank=True, verbose_name=_("AI model"))
    # The quota resource the job reserves while unfinished and before its deadline (one unit).
    resource = models.CharField(max_length=8, default="text", verbose_name=_("resource"))
    # What makes the result unique (e.g. the reviewed week): one unfinished job per
    # (user, kind, unique_key); empty when any number may run.
    unique_key = models.CharField(max_length=128, blank=True, verbose_name=_("unique key"))
    # Which delivery owns the job: a redelivery after a worker died takes it over (+1) and only
    # the current attempt may save or fail it.
    attempt = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempt"))
    deadline_at = models.DateTimeField(verbose_name=_("deadline"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=pgettext_lazy("AI job", "started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("AI job")
        verbose_name_plural = _("AI jobs")
        db_table = "ai_jobs"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="ai_job_user_created"),
            models.Index(fields=["created_at"], name="ai_job_created"),
            models.Index(
                fields=["user", "resource"],
                condition=models.Q(status__in=["queued", "running"]),
                name="ai_job_in_flight",
            ),
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
