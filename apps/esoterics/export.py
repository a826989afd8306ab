"""GDPR export of esoterics: the stored daily tip (the only esoterics data kept per user)."""

from apps.accounts.models import User


def daily_tip_export(user: User) -> dict:
    """For GET /me/export: the stored daily tip (the only esoterics data kept per user); a
    preparation's claim without a text yet (apps/esoterics/services.py) is as good as none."""
    stored = user.daily_tip_cache
    return {"daily_tip": stored if isinstance(stored, dict) and stored.get("text") else None}
