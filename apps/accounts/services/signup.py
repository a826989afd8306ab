"""Signup with an emailed code and email verification.

Nothing here logs a password or a code (SECURITY.md 28)."""

import hmac
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from apps.core.background import task_after_response

from .. import emails
from ..errors import (
    EmailAlreadyExists,
    InvalidVerificationCode,
    VerificationAttemptsExceeded,
    VerificationTokenExpired,
    VerificationTokenNotFound,
)
from ..models import EmailVerification, User
from .common import VERIFICATION_TTL, _mail_limit_hit, _sha256, email_normalize, logger
from .passwords import password_validate
from .sessions import session_create, user_changed

# --- Signup and email verification ---------------------------------------------------------


def _code_hash(token_hash: str, code: str) -> str:
    return salted_hmac("mechta.accounts.email-code", f"{token_hash}:{code}", algorithm="sha256").hexdigest()


def _verification_start(*, user: User, token_hash: str | None = None) -> str | None:
    """A fresh code for `user` (any earlier one dies), mailed after commit; returns the
    verification_token for the client (None when the caller chose the token: `token_hash`)."""
    EmailVerification.objects.filter(user=user).delete()
    token = None
    if token_hash is None:
        token = secrets.token_urlsafe(32)
        token_hash = _sha256(token)
    code = f"{secrets.randbelow(1_000_000):06d}"
    EmailVerification.objects.create(
        user=user,
        token_hash=token_hash,
        code_hash=_code_hash(token_hash, code),
        expires_at=timezone.now() + VERIFICATION_TTL,
    )
    emails.verification_code_mail_send(to=user.email, locale=user.locale, code=code)
    return token


# The profile fields a signup may set (the same ones PUT /me may change).
SIGNUP_PROFILE_FIELDS = ("first_name", "last_name", "time_zone", "date_of_birth", "gender", "life_format", "locale")


def user_signup(*, email: str, password: str, **profile) -> tuple[User, str]:
    """Create an inactive account and mail it a code. An unverified account with that email
    is taken over (new password, new code); a verified one is AUTH_EMAIL_ALREADY_EXISTS.

    Two signups of one new email at once: the loser's INSERT fails on the unique index; it
    then runs again and takes over the winner's (still unverified) row like any re-signup,
    instead of answering AUTH_EMAIL_ALREADY_EXISTS for an unverified account or a 500."""
    unknown = set(profile) - set(SIGNUP_PROFILE_FIELDS)
    if unknown:  # only profile fields: never is_staff, plan, is_email_verified, ...
        raise TypeError(f"user_signup() got unexpected profile fields: {sorted(unknown)}")
    email = email_normalize(email)
    try:
        return _user_signup_once(email=email, password=password, profile=profile)
    except IntegrityError:
        return _user_signup_once(email=email, password=password, profile=profile)


def _user_signup_once(*, email: str, password: str, profile: dict) -> tuple[User, str]:
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        if user is not None and user.is_email_verified:
            raise EmailAlreadyExists()
        candidate = user or User(email=email)
        for name, value in profile.items():
            if value is not None:
                setattr(candidate, name, value)
        password_validate(password=password, user=candidate)
        _mail_limit_hit(email=email)
        candidate.set_password(password)
        candidate.is_active = False
        candidate.is_email_verified = False
        candidate.save()  # IntegrityError: a parallel signup inserted this email first
        token = _verification_start(user=candidate)
    logger.info("signup of user %s, verification mailed", candidate.pk)
    return candidate, token


def email_verification_resend(*, email: str) -> str:
    """A new code for an unverified account. Every email gets a fresh token back and counts
    against the same mail limits; the account lookup, the stored code and the mail happen
    after the response (`accounts.email_verification_mail`), so neither the answer nor its
    timing tells whether the account exists. For an unknown or verified email the token stays
    useless (no row is ever stored under it)."""
    email = email_normalize(email)
    _mail_limit_hit(email=email)
    token = secrets.token_urlsafe(32)
    from ..tasks import email_verification_mail

    task_after_response(email_verification_mail, email, _sha256(token))
    return token


def email_verification_issue(*, email: str, token_hash: str) -> None:
    """Store a new code for the unverified account of `email` under `token_hash` and mail it;
    nothing for any other email."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email, is_email_verified=False).first()
        if user is not None:
            _verification_start(user=user, token_hash=token_hash)


def email_verification_check(
    *, verification_token: str, code: str, user_agent: str = "", ip: str | None = None
) -> tuple[User, dict]:
    """Check the code; on success verify and activate the user and start a session."""
    token_hash = _sha256(verification_token)
    max_attempts = EmailVerification.MAX_ATTEMPTS
    with transaction.atomic():
        verification = (
            EmailVerification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(token_hash=token_hash)
            .first()
        )
        if verification is None:
            raise VerificationTokenNotFound()
        if verification.expires_at <= timezone.now():
            raise VerificationTokenExpired()
        if verification.attempts >= max_attempts:
            raise VerificationAttemptsExceeded()
        if not hmac.compare_digest(verification.code_hash, _code_hash(token_hash, code)):
            EmailVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
            wrong = InvalidVerificationCode(details={"attempts_left": max_attempts - verification.attempts - 1})
        else:
            wrong = None
            user = verification.user
            user.is_email_verified = True
            user.is_active = True
            user.save(update_fields=["is_email_verified", "is_active", "updated_at"])
            EmailVerification.objects.filter(user=user).delete()
            user_changed(user.pk)
            _, pair = session_create(user=user, user_agent=user_agent, ip=ip)
    if wrong is not None:  # raised outside the block so the counted attempt is kept
        raise wrong
    logger.info("email verified for user %s", user.pk)
    return user, pair
