"""Public dicts of quotas: the `usage` of GET /me and the rows of the data export."""

from apps.core.timestamps import iso_date, iso_utc

from .models import Resource


def quota_usage_public(*, used: dict[str, int], limits: dict[str, int]) -> dict:
    """`{text: {used, limit}, image: {used, limit}}`; a resource not used yet counts 0."""
    return {resource: {"used": used.get(resource, 0), "limit": limits[resource]} for resource in Resource.values}


def quota_period_usage_public(row: dict) -> dict:
    """One period's usage of one resource, from a `.values("resource", "period_start", "used")` row."""
    return {"resource": row["resource"], "period_start": iso_date(row["period_start"]), "used": row["used"]}


def quota_charge_public(row: dict) -> dict:
    """One charged unit, from a `.values("resource", "key", "created_at")` row."""
    return {"resource": row["resource"], "key": row["key"], "created_at": iso_utc(row["created_at"])}
