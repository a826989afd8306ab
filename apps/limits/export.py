"""GDPR export of quotas: usage per period and every charge of one user."""

from apps.core.timestamps import iso_utc

from .models import QuotaCharge, QuotaUsage


def quota_export(user) -> dict:
    """Quota rows of one user for `/me/export`."""
    usage = QuotaUsage.objects.filter(user=user).order_by("period_start", "resource")
    charges = QuotaCharge.objects.filter(user=user).order_by("created_at")
    return {
        "usage": [
            {"resource": u.resource, "period_start": u.period_start.isoformat(), "used": u.used} for u in usage
        ],
        "charges": [
            {"resource": c.resource, "key": c.key, "created_at": iso_utc(c.created_at)}
            for c in charges
        ],
    }
