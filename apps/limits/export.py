"""GDPR export of quotas: usage per period and every charge of one user."""

from .presenters import quota_charge_public, quota_period_usage_public
from .selectors import quota_charge_list, quota_period_usage_list


def quota_export(user) -> dict:
    """Quota rows of one user for `/me/export`."""
    return {
        "usage": [quota_period_usage_public(row) for row in quota_period_usage_list(user=user)],
        "charges": [quota_charge_public(row) for row in quota_charge_list(user=user)],
    }
