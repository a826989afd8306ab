from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Session, User
from .tokens import token_pair_issue


def session_create(*, user: User, user_agent: str = "", ip: str | None = None) -> tuple[Session, dict]:
    """Start a server-side session for `user`; returns it with its first TokenPair."""
    now = timezone.now()
    session = Session(
        user=user,
        user_agent=(user_agent or "")[:512],
        ip=ip,
        created_at=now,
        last_used_at=now,
        expires_at=now + timedelta(days=settings.SESSION_ABSOLUTE_DAYS),
    )
    pair, session.refresh_jti = token_pair_issue(session=session)
    session.save()
    return session, pair
