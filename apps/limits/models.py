from django.conf import settings
from django.db import models


class Resource(models.TextChoices):
    TEXT = "text", "text"
    IMAGE = "image", "image"


class QuotaUsage(models.Model):
    """Units used by one user of one resource in one period (calendar month, UTC)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quota_usages")
    resource = models.CharField(max_length=8, choices=Resource.choices)
    period_start = models.DateField()
    used = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "quota_usage"
        constraints = [
            models.UniqueConstraint(fields=["user", "resource", "period_start"], name="quota_usage_unique_period"),
        ]


class QuotaCharge(models.Model):
    """One charged unit, keyed by the work that caused it (a task id), so a retried or late
    task is never charged twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quota_charges")
    resource = models.CharField(max_length=8, choices=Resource.choices)
    key = models.CharField(max_length=128, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "quota_charges"
