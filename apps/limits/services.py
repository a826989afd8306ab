"""Quotas for AI work: check before any work, charge in the same transaction that saves the
result. The charge is one conditional UPDATE, so concurrent requests never overspend."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from apps.core.dbclock import db_now_sql
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
    return _usage_sql(_USAGE_READ_SQL, user=user, resource=resource, period=period or quota_period()) or 0


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


def quota_usage_lock(*, user, resource: str) -> tuple[int, datetime]:
    """Lock this period's usage row of (user, resource) until the surrounding transaction ends;
    its `used` and the database's clock when it was locked (a deadline set from it needs no
    second round trip; SQLite's clock is this host's). Whoever counts something else against
    the quota (the AI jobs in flight, apps/ai/jobs/create.py) does so under this lock, so
    parallel requests of one user are serialised per resource and never both take the last
    unit (quota_charge's upsert waits on the same row)."""
    with connection.cursor() as cursor:
        cursor.execute(_USAGE_LOCK_SQL.format(now=db_now_sql(after_lock=True)), _usage_params(user, resource, quota_period()))
        used, now = cursor.fetchone()
    return used, now if isinstance(now, datetime) else datetime.fromisoformat(now).replace(tzinfo=UTC)


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
        if limit < 1 or not _usage_sql(_USAGE_ADD_SQL, user=user, resource=resource, period=period, limit=limit):
            raise quota_exceeded(user=user, resource=resource)
    user_change_notify(user.pk)  # e.g. accounts drops its cached /me (usage changed)
    return True


# The period's usage row, created when missing, in one statement (SQLite >= 3.35 reads it too):
# an upsert takes the row lock an UPDATE takes. One round trip and ~150 Python calls where the
# ORM's SELECT FOR UPDATE + get_or_create (a savepoint, a SELECT, an INSERT) + SELECT took
# ~3,900 per AI request (bench/PROFILE.md).
_USAGE_LOCK_SQL = (  # lock the row, read `used` and the database's clock once the lock is held
    "INSERT INTO quota_usage (user_id, resource, period_start, used) VALUES (%s, %s, %s, 0) "
    "ON CONFLICT (user_id, resource, period_start) DO UPDATE SET used = quota_usage.used RETURNING used, {now}"
)
_USAGE_ADD_SQL = (  # one unit more unless `limit` is reached: no row returned then
    "INSERT INTO quota_usage (user_id, resource, period_start, used) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (user_id, resource, period_start) DO UPDATE SET used = quota_usage.used + 1 "
    "WHERE quota_usage.used < %s RETURNING used"
)
_USAGE_READ_SQL = "SELECT used FROM quota_usage WHERE user_id = %s AND resource = %s AND period_start = %s"


def _usage_sql(sql: str, *, user, resource: str, period: Period, limit: int | None = None) -> int | None:
    """`used` as the statement left (or read) it, or None when it found or changed no row."""
    params = _usage_params(user, resource, period)
    with connection.cursor() as cursor:
        cursor.execute(sql, params if limit is None else [*params, limit])
        row = cursor.fetchone()
    return None if row is None else row[0]


def _usage_params(user, resource: str, period: Period) -> list:
    values = {"user": user.pk, "resource": resource, "period_start": period.start}
    return [QuotaUsage._meta.get_field(name).get_db_prep_value(value, connection) for name, value in values.items()]
