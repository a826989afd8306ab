"""Reads of quota rows for the data export. The reads that decide a quota (used, limit,
usage) sit with the charge in services.py."""

from .models import QuotaCharge, QuotaUsage


def quota_period_usage_list(*, user):
    """Every period's usage of one user, oldest first, as `.values()` rows."""
    return QuotaUsage.objects.filter(user=user).order_by("period_start", "resource").values("resource", "period_start", "used")


def quota_charge_list(*, user):
    """Every charge of one user, oldest first, as `.values()` rows."""
    return QuotaCharge.objects.filter(user=user).order_by("created_at").values("resource", "key", "created_at")
