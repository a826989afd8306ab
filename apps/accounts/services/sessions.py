"""Sessions: create, refresh with rotation (reuse revokes), revoke; and signin, which opens one.

Nothing here logs a password or a token (SECURITY.md 28)."""

import hmac
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apps.core import ratelimit

from ..cache import auth_cache_revoke_sessions, auth_cache_revoke_user, me_cache_renew
from ..errors import (
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidToken,
    RefreshTokenReused,
    SessionNotFound,
    SessionRevoked,
    UserInactive,
)
from ..models import Session, User
from ..tokens import token_decode, token_pair_issue
from .common import email_normalize, logger, rate_limit

# --- Sessions ------------------------------------------------------------------------------


def session_create(*, user: User, user_agent: str = "", ip: str | None = None) -> tuple[Session, dict]:
    """Start a server-side session for `user`; returns it with its first TokenPair. Every
    sign-in path (password, verification code, Telegram, Telegram Mini App) comes here, so
    this is where `last_login` is kept (the admin shows it)."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
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


def session_is_idle(session: Session, *, now=None) -> bool:
    now = now or timezone.now()
    return session.last_used_at + timedelta(days=settings.SESSION_IDLE_DAYS) <= now


def _session_revoke_now(session_id) -> None:
    Session.objects.filter(id=session_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    auth_cache_revoke_sessions([session_id])


def user_changed(user_id) -> None:
    """The user row changed (profile, plan, activity, password) or is gone: renew the cached
    /me and send the next request of each of the user's sessions to the database check."""
    me_cache_renew(user_id)
    auth_cache_revoke_user(user_id)


def session_refresh(*, refresh_token: str) -> dict:
    """Rotate: a new TokenPair for the refresh token's session. The new refresh jti is stored
    by ONE conditional UPDATE on the old jti, so of N parallel refreshes with one token exactly
    one wins. A token that is no longer the session's current one was used before: see
    `_refresh_reuse` (the writes here run in autocommit, so raising keeps them)."""
    try:
        payload = token_decode(refresh_token, expected_type="refresh")
        session_id = uuid.UUID(str(payload["session_id"]))
        user_id = uuid.UUID(str(payload["sub"]))
    except (InvalidToken, ValueError) as exc:
        raise InvalidRefreshToken() from exc
    session = Session.objects.select_related("user").filter(id=session_id, user_id=user_id).first()
    if session is None or session.revoked_at is not None:
        raise SessionRevoked()
    now = timezone.now()
    if session.expires_at <= now or session_is_idle(session, now=now):
        _session_revoke_now(session.pk)
        raise SessionRevoked()
    if not session.user.is_active:
        raise UserInactive()
    old_jti = payload["jti"]
    if not hmac.compare_digest(session.refresh_jti.encode(), old_jti.encode()):
        _refresh_reuse(session=session, jti=old_jti, now=now)
    pair, new_jti = token_pair_issue(session=session)
    rotated = Session.objects.filter(id=session.pk, refresh_jti=old_jti, revoked_at__isnull=True).update(
        refresh_jti=new_jti, previous_refresh_jti=old_jti, rotated_at=now, last_used_at=now
    )
    if not rotated:
        # Another request rotated (or revoked) it a moment ago: the same token was presented twice.
        _refresh_reuse(session=Session.objects.filter(id=session.pk).first(), jti=old_jti, now=now)
    return pair


def _refresh_reuse(*, session: Session | None, jti: str, now) -> None:
    """A refresh token that is not the session's current one. The token rotated away last,
    presented again within REFRESH_REUSE_GRACE_SECONDS, is a client's parallel refresh that
    lost the race: refused (AUTH_REFRESH_TOKEN_REUSED, `session_revoked: false`) but the session
    and the winner's fresh pair stay valid. Anything else is a replayed (stolen) token: the
    session is revoked (`session_revoked: true`)."""
    grace = timedelta(seconds=settings.REFRESH_REUSE_GRACE_SECONDS)
    if (
        session is not None
        and session.revoked_at is None
        and session.previous_refresh_jti
        and hmac.compare_digest(session.previous_refresh_jti.encode(), jti.encode())
        and session.rotated_at is not None
        and now - session.rotated_at < grace
    ):
        logger.info("refresh token presented again within the grace window; session %s kept", session.pk)
        raise RefreshTokenReused(details={"session_revoked": False})
    if session is not None:
        _session_revoke_now(session.pk)
        logger.warning("refresh token reuse; session %s revoked", session.pk)
    raise RefreshTokenReused(details={"session_revoked": True})


def session_revoke(*, user: User, session_id: str) -> None:
    """End one of the user's live sessions; another user's, a dead or a malformed id is 404."""
    try:
        sid = uuid.UUID(str(session_id))
    except ValueError as exc:
        raise SessionNotFound() from exc
    now = timezone.now()
    revoked = Session.objects.filter(id=sid, user=user, revoked_at__isnull=True, expires_at__gt=now).update(
        revoked_at=now
    )
    if not revoked:
        raise SessionNotFound()
    auth_cache_revoke_sessions([sid])


def sessions_revoke(*, session_ids) -> int:
    """End the given sessions (Django admin); the ones already ended stay as they are."""
    session_ids = list(session_ids)
    count = Session.objects.filter(id__in=session_ids, revoked_at__isnull=True).update(revoked_at=timezone.now())
    auth_cache_revoke_sessions(session_ids)
    return count


def sessions_delete(*, session_ids) -> None:
    """Delete sessions outright (Django admin); their tokens are refused at once."""
    session_ids = list(session_ids)
    Session.objects.filter(id__in=session_ids).delete()
    auth_cache_revoke_sessions(session_ids)


def sessions_revoke_all(*, user: User) -> int:
    count = Session.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    auth_cache_revoke_user(user.pk)
    return count



# --- Signin --------------------------------------------------------------------------------


def credentials_check(*, email: str, password: str) -> User:
    """The one password check of every sign-in (the API's and the admin's: the same counters).
    A failure is counted per email BEFORE the password is hashed (and given back when it was
    right), so concurrent guesses cannot overshoot the limit; InvalidCredentials otherwise."""
    email = email_normalize(email)
    limit, window = rate_limit("signin_failures")
    reservation = ratelimit.limit_hit(scope="signin-fail", ident=email, limit=limit, window=window)
    user = User.objects.filter(email=email).first()
    if user is None:
        make_password(password)  # the same work as a real check: no enumeration by timing
        raise InvalidCredentials()
    if not user.check_password(password):  # upgrades an older hash on success
        logger.info("failed signin for user %s", user.pk)
        raise InvalidCredentials()
    reservation.release()
    return user


def user_signin(*, email: str, password: str, user_agent: str = "", ip: str | None = None) -> tuple[User, dict]:
    """Email + password → a new session (the check: `credentials_check`)."""
    user = credentials_check(email=email, password=password)
    if not user.is_email_verified:
        raise UserInactive(details={"reason": "email_not_verified"})
    if not user.is_active:
        raise UserInactive(details={"reason": "account_disabled"})
    _, pair = session_create(user=user, user_agent=user_agent, ip=ip)
    logger.info("signin of user %s", user.pk)
    return user, pair
