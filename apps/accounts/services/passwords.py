"""Passwords: validation, set, change (with the current one) and reset by an emailed token.

Nothing here logs a password or a token (SECURITY.md 28)."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from apps.core import ratelimit
from apps.core.background import task_after_response
from apps.core.exceptions import ValidationFailed

from .. import emails
from ..errors import (
    InvalidPassword,
    InvalidResetToken,
    ResetTokenExpired,
)
from ..models import PasswordResetToken, User
from .common import RESET_TOKEN_TTL, _sha256, email_normalize, logger, rate_limit
from .sessions import sessions_revoke_all, user_changed


def password_validate(*, password: str, user: User) -> None:
    """Django's validators; 422 with `fields.password` (for every endpoint that sets one)."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc



# --- Passwords -----------------------------------------------------------------------------


def user_password_set(*, user: User, password: str) -> None:
    """Set a new password: every session ends and every reset token dies."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password", "updated_at"])
        PasswordResetToken.objects.filter(user=user).delete()
        sessions_revoke_all(user=user)
        user_changed(user.pk)


def _current_password_check(*, user: User, password: str | None) -> None:
    limit, window = rate_limit("password_failures")
    reservation = ratelimit.limit_hit(scope="password-fail", ident=str(user.pk), limit=limit, window=window)
    if not password or not user.check_password(password):
        raise InvalidPassword()
    reservation.release()


def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    _current_password_check(user=user, password=current_password)
    password_validate(password=new_password, user=user)
    user_password_set(user=user, password=new_password)


def password_reset_request(*, email: str) -> None:
    """Queue a reset mail for `email`; the task mails only an active account (the caller
    answers the same either way). Rate-limited per email here, before anything is queued."""
    email = email_normalize(email)
    limit, window = rate_limit("reset_hourly")
    ratelimit.limit_hit(scope="reset-mail", ident=email, limit=limit, window=window)
    from ..tasks import password_reset_mail

    task_after_response(password_reset_mail, email)


def password_reset_issue(*, email: str) -> None:
    """Mail a reset token to an active account with that email; nothing for any other email.
    A newer request kills the older token."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email, is_active=True).first()
        if user is None:
            return
        PasswordResetToken.objects.filter(user=user).delete()
        token = secrets.token_urlsafe(32)
        PasswordResetToken.objects.create(
            user=user, token_hash=_sha256(token), expires_at=timezone.now() + RESET_TOKEN_TTL
        )
        emails.password_reset_mail_send(to=user.email, locale=user.locale, token=token)


def password_reset_confirm(*, token: str, new_password: str) -> None:
    """Use a reset token once: new password, every session revoked."""
    with transaction.atomic():
        row = (
            PasswordResetToken.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(token_hash=_sha256(token))
            .first()
        )
        if row is None or not row.user.is_active:
            raise InvalidResetToken()
        if row.expires_at <= timezone.now():
            raise ResetTokenExpired()
        password_validate(password=new_password, user=row.user)
        user_password_set(user=row.user, password=new_password)
    logger.info("password reset for user %s", row.user_id)
