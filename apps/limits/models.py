from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.TextChoices):
    TEXT = "text", _("text")
    IMAGE = "image", _("image")


class QuotaUsage(models.Model):
    """Units used by one user of one resource in one period (calendar month, UTC)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quota_usages", verbose_name=_("user"))
    resource = models.CharField(max_length=8, choices=Resource.choices, verbose_name=_("resource"))
    period_start = models.DateField(verbose_name=_("period start"))
    used = models.PositiveIntegerField(default=0, verbose_name=_("used"))

    class Meta:
        verbose_name = _("quota usage")
        verbose_name_plural = _("quota usage")
        db_table = "quota_usage"
        constraints = [
            models.UniqueConstraint(fields=["user", "resource", "period_start"], name="quota_usage_unique_period"),
        ]


class QuotaCharge(models.Model):
    """One charged unit, keyed by the work that caused it (a task id), so a retried or late
    task is never charged twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quota_charges", verbose_name=_("user"))
    resource = models.CharField(max_length=8, choices=Resource.choices, verbose_name=_("resource"))
    key = models.CharField(max_length=128, unique=True, verbose_name=_("key"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("charged at"))

    class Meta:
        verbose_name = _("quota charge")
        verbose_name_plural = _("quota charges")
        db_table = "quota_charges"
