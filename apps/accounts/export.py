"""GDPR export of accounts data beyond the user document: every session of the user."""

from apps.core.timestamps import iso_utc

from .models import Session, User
from .presenters import session_public


def sessions_export(user: User) -> list[dict]:
    """Every session of the user for `/me/export`; the refresh jti is left out."""
    rows = Session.objects.filter(user=user).order_by("-created_at")
    return [
        {**session_public(s), "revoked_at": iso_utc(s.revoked_at)} for s in rows
    ]
