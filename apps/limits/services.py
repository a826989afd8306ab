"""Quotas for AI work: check before any work, charge in the same transaction that saves the
result. The charge is one conditional UPDATE, so concurrent requests never overspend."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from apps.core.registry import user_change_notify

from .errors import QuotaExceeded
from .models import QuotaCharge, QuotaUsage, Resource
from .presenters import quota_usage_public


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive: the first day of the next period


def quota_period(at: datetime | None = None) -> Period:
    at = (at or datetime.now(UTC)).astimezone(UTC)
    start = date(at.year, at.month, 1)
    end = date(at.year + (at.month == 12), at.month % 12 + 1, 1)
    return Period(start, end)


def quota_limit(*, user, resource: str) -> int:
    return settings.QUOTA_LIMITS[user.plan][resource]


def quota_used(*, user, resource: str, period: Period | None = None) -> int:
    period = period or quota_period()
    row = QuotaUsage.objects.filter(user=user, resource=resource, period_start=period.start).values("used").first()
    return row["used"] if row else 0


def quota_usage(*, user) -> dict:
    """`{text: {used, limit}, image: {used, limit}}` for the current period, one query."""
    period = quota_period()
    used = dict(
        QuotaUsage.objects.filter(user=user, period_start=period.start).values_list("resource", "used")
    )
    limits = {resource: quota_limit(user=user, resource=resource) for resource in Resource.values}
    return quota_usage_public(used=used, limits=limits)


def quota_exceeded(*, user, resource: str, used: int | None = None) -> QuotaExceeded:
    """The 403 QUOTA_EXCEEDED of `resource` (details: resource, used, limit)."""
    limit = quota_limit(user=user, resource=resource)
    used = quota_used(user=user, resource=resource) if used is None else used
    return QuotaExceeded(details={"resource": resource, "used": used, "limit": limit})


def quota_usage_lock(*, user, resource: str) -> int:
    """Lock this period's usage row of (user, resource) until the surrounding transaction ends
    and return its `used`. Whoever counts something else against the quota (the AI jobs in
    flight, apps/ai/jobs/create.py) does so under this lock, so parallel requests of one user are
    serialised per resource and never both take the last unit (quota_charge's UPDATE waits on
    the same row)."""
    period = quota_period()
    row = QuotaUsage.objects.select_for_update().filter(user=user, resource=resource, period_start=period.start)
    used = row.values_list("used", flat=True).first()
    if used is None:  # the first unit of the period: create the row, then lock it
        _usage_row(user=user, resource=resource, period=period)
        used = row.values_list("used", flat=True).get()
    return used


def quota_check(*, user, resource: str) -> None:
    """403 QUOTA_EXCEEDED when nothing is left; charges nothing."""
    used = quota_used(user=user, resource=resource)
    if used >= quota_limit(user=user, resource=resource):
        raise quota_exceeded(user=user, resource=resource, used=used)


def quota_charge(*, user, resource: str, key: str | None = None) -> bool:
    """Charge one unit; raise QuotaExceeded when none is left. With a `key` (the task id) the
    same work is charged at most once: a repeated call returns False and charges nothing.
    Call it inside the transaction that saves the result, so a failure charges nothing."""
    period = quota_period()
    limit = quota_limit(user=user, resource=resource)
    with transaction.atomic():
        try:
            with transaction.atomic():
                QuotaCharge.objects.create(user=user, resource=resource, key=key or f"anon:{uuid.uuid4()}")
        except IntegrityError:
            return False
        row, _ = _usage_row(user=user, resource=resource, period=period)
        updated = QuotaUsage.objects.filter(pk=row.pk, used__lt=limit).update(used=F("used") + 1)
        if not updated:
            raise quota_exceeded(user=user, resource=resource)
    user_change_notify(user.pk)  # e.g. accounts drops its cached /me (usage changed)
    return True


def _usage_row(*, user, resource: str, period: Period):
    try:
        with transaction.atomic():
            return QuotaUsage.objects.get_or_create(user=user, resource=resource, period_start=period.start)
    except IntegrityError:  # a concurrent request created it first
        return QuotaUsage.objects.get(user=user, resource=resource, period_start=period.start), False
