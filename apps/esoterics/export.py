"""GDPR export of esoterics: the stored daily tip (the only esoterics data kept per user)."""

from apps.accounts.models import User


def daily_tip_export(user: User) -> dict:
    """For GET /me/export: the stored daily tip (the only esoterics data kept per user)."""
    return {"daily_tip": user.daily_tip_cache or None}
