"""Accounts: signup with an emailed code, signin, sessions with refresh rotation, passwords,
profile, plan, deletion and Telegram logins. Keyword-only services that raise the spec's
errors.

Nothing here logs a password, a code or a token (SECURITY.md 28)."""

import hashlib
import hmac
import json
import logging
import secrets
import shutil
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from apps.core import ratelimit
from apps.core.background import task_after_response
from apps.core.exceptions import ValidationFailed

from . import emails
from .cache import auth_cache_revoke_sessions, auth_cache_revoke_user, me_cache_drop
from .erasure import erasers
from .errors import (
    EmailAlreadyExists,
    InvalidCredentials,
    InvalidPassword,
    InvalidRefreshToken,
    InvalidResetToken,
    InvalidToken,
    InvalidVerificationCode,
    RefreshTokenReused,
    ResetTokenExpired,
    SessionNotFound,
    SessionRevoked,
    TelegramAuthExpired,
    TelegramForbidden,
    TelegramInvalidInitData,
    UserInactive,
    VerificationAttemptsExceeded,
    VerificationTokenExpired,
    VerificationTokenNotFound,
)
from .models import EmailVerification, PasswordResetToken, Session, User
from .tokens import token_decode, token_pair_issue

logger = logging.getLogger("apps.accounts")

VERIFICATION_TTL = timedelta(minutes=10)
RESET_TOKEN_TTL = timedelta(minutes=60)
TELEGRAM_AUTH_MAX_AGE_SECONDS = 3600
# Telegram's clock and ours may differ slightly; an auth_date further ahead is refused.
TELEGRAM_CLOCK_SKEW_SECONDS = 30

# (limit, window seconds); override any of them with settings.AUTH_RATE_LIMITS.
RATE_LIMIT_DEFAULTS = {
    "ip": (30, 60),  # requests per IP per minute, per auth endpoint
    "signin_failures": (10, 15 * 60),  # failed signins per email
    "password_failures": (10, 15 * 60),  # wrong current passwords per user (PUT /me/password, DELETE /me)
    "mail_cooldown": (1, 60),  # one mail per email per minute
    "mail_hourly": (5, 60 * 60),  # five verification mails per email per hour
    "reset_hourly": (5, 60 * 60),  # five reset requests per email per hour
}


def rate_limit(name: str) -> tuple[int, int]:
    return {**RATE_LIMIT_DEFAULTS, **getattr(settings, "AUTH_RATE_LIMITS", {})}[name]


def ip_limit_hit(*, scope: str, ip: str | None) -> None:
    """30 requests per IP per minute on each auth endpoint (429 RATE_LIMITED)."""
    limit, window = rate_limit("ip")
    ratelimit.limit_hit(scope=f"ip:{scope}", ident=ip or "-", limit=limit, window=window)


def _mail_limit_hit(*, email: str) -> None:
    limit, window = rate_limit("mail_cooldown")
    ratelimit.limit_hit(scope="mail", ident=email, limit=limit, window=window)
    limit, window = rate_limit("mail_hourly")
    ratelimit.limit_hit(scope="mail-hour", ident=email, limit=limit, window=window)


def email_normalize(email: str) -> str:
    return email.strip().lower()


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def password_validate(*, password: str, user: User) -> None:
    """Django's validators; 422 with `fields.password` (for every endpoint that sets one)."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc


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
    """The user row changed (profile, plan, activity, password) or is gone: drop the cached
    /me and send the next request of each of the user's sessions to the database check."""
    me_cache_drop(user_id)
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
    from .tasks import email_verification_mail

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


# --- Signin --------------------------------------------------------------------------------


def user_signin(*, email: str, password: str, user_agent: str = "", ip: str | None = None) -> tuple[User, dict]:
    """Email + password → a new session. A failure is counted BEFORE the password is hashed
    (and given back when it was right), so concurrent guesses cannot overshoot the limit."""
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
    if not user.is_email_verified:
        raise UserInactive(details={"reason": "email_not_verified"})
    if not user.is_active:
        raise UserInactive(details={"reason": "account_disabled"})
    _, pair = session_create(user=user, user_agent=user_agent, ip=ip)
    logger.info("signin of user %s", user.pk)
    return user, pair


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
    from .tasks import password_reset_mail

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


# --- Profile, plan, deletion ----------------------------------------------------------------

USER_UPDATE_FIELDS = (*SIGNUP_PROFILE_FIELDS, "leaderboard_visible")


def user_update(*, user: User, **fields) -> User:
    """Partial profile update (UserUpdate); drops the cached /me document."""
    changed = [name for name in USER_UPDATE_FIELDS if name in fields]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    user_changed(user.pk)
    return user


def user_plan_set(*, user: User, plan: str) -> User:
    if plan not in User.Plan.values:
        raise ValidationFailed(fields={"plan": [f"Unknown plan {plan!r}."]})
    user.plan = plan
    user.save(update_fields=["plan", "updated_at"])
    user_changed(user.pk)
    return user


def user_admin_save(*, user: User) -> None:
    """A change made in Django admin (plan, activity, profile): saved and /me dropped. The
    email is stored lowercase like everywhere else (signin looks it up lowercased)."""
    if user.email:
        user.email = email_normalize(user.email)
    user.save()
    user_changed(user.pk)


def user_delete(*, user: User, password: str | None = None, confirm: str | None = None) -> None:
    """Delete the account with all its rows (CASCADE) and, after commit, its files: what each
    app's eraser (apps.accounts.erasure) removes from the storage, and MEDIA_ROOT/<user_id>/.
    Needs the password, or `confirm="DELETE"` for a Telegram-only account without a usable one."""
    if user.has_usable_password():
        _current_password_check(user=user, password=password)
    elif confirm != "DELETE":
        raise InvalidPassword()
    user_erase(user=user)


def user_erase(*, user: User) -> None:
    """Delete the account, its rows, files and cached entries (DELETE /me after its checks,
    and Django admin's delete)."""
    user_id = str(user.pk)
    folder = Path(settings.MEDIA_ROOT) / user_id
    with transaction.atomic():
        cleanups = [eraser(user) for eraser in erasers().values()]
        user.delete()
        user_changed(user_id)
        for cleanup in filter(None, cleanups):
            transaction.on_commit(cleanup)
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
        transaction.on_commit(lambda: _user_cache_purge(user_id))
    logger.info("user %s deleted", user_id)


def _user_cache_purge(user_id: str) -> None:
    """Drop every cached entry whose key holds the user's id (`me:user:{id}`, the esoterics
    daily tip `esoterics:tip:{id}:{day}`, ...): a UUID is in no one else's key. Redis only
    (django-redis `delete_pattern`, a SCAN); the embedded local-memory cache has no pattern
    delete and its entries expire on their own."""
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is None:
        return
    try:
        delete_pattern(f"*{user_id}*")
    except Exception:  # noqa: BLE001 - the account is gone already; the entries expire anyway
        logger.warning("cache entries of deleted user %s not purged", user_id)


# --- Telegram ------------------------------------------------------------------------------


def telegram_secret_check(*, provided: str | None) -> None:
    """`X-Bot-Secret` against BOT_SECRET_KEY (one or two comma-separated values, for rotation),
    in constant time; the endpoint is off when none is configured."""
    configured = [value.strip() for value in (settings.BOT_SECRET_KEY or "").split(",") if value.strip()]
    if not configured or not provided:
        raise TelegramForbidden()
    given = provided.encode("utf-8", "surrogateescape")
    matched = False
    for secret in configured:  # compare with every one, so the timing says nothing
        matched |= hmac.compare_digest(secret.encode(), given)
    if not matched:
        raise TelegramForbidden()


TELEGRAM_PROFILE_FIELDS = ("username", "first_name", "last_name", "photo_url")


def telegram_login(
    *, telegram_id: int, user_agent: str = "", ip: str | None = None, locale: str | None = None, **profile
) -> tuple[User, dict]:
    """Find the user by telegram_id or create one (active, no email, unusable password); the
    profile fields given are updated; a new session is started."""
    profile = {name: profile[name] for name in TELEGRAM_PROFILE_FIELDS if profile.get(name) is not None}
    with transaction.atomic():
        user = User.objects.select_for_update().filter(telegram_id=telegram_id).first()
        if user is None:
            extra = {"locale": locale} if locale in User.Locale.values else {}
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email=None, password=None, telegram_id=telegram_id, is_active=True, **extra, **profile
                    )
            except IntegrityError:  # created by a parallel login
                user = User.objects.select_for_update().get(telegram_id=telegram_id)
        changed = [name for name, value in profile.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, profile[name])
            user.save(update_fields=[*changed, "updated_at"])
            user_changed(user.pk)
        if not user.is_active:
            raise UserInactive()
        _, pair = session_create(user=user, user_agent=user_agent, ip=ip)
    return user, pair


def telegram_init_data_verify(*, init_data: str) -> dict:
    """Verify Telegram Mini App `initData`; returns its `user` object.

    secret = HMAC-SHA256(key="WebAppData", msg=bot token); hash = hex HMAC-SHA256(key=secret,
    msg=sorted "key=value" lines except `hash`, joined by newlines)."""
    bot_token = settings.TELEGRAM_BOT_TOKEN
    if not bot_token:
        raise TelegramForbidden()
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True, max_num_fields=64)
    except ValueError as exc:
        raise TelegramInvalidInitData() from exc
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise TelegramInvalidInitData()
    data = dict(pairs)
    received = data.pop("hash", "")
    check_string = "\n".join(sorted(f"{key}={value}" for key, value in data.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()
    # Bytes, not str: compare_digest raises TypeError on a non-ASCII str (a 500 for any client).
    if not received or not hmac.compare_digest(expected.encode(), received.encode("utf-8", "surrogateescape")):
        raise TelegramInvalidInitData()
    try:
        auth_date = int(data["auth_date"])
        tg_user = json.loads(data["user"])
        tg_id = int(tg_user["id"])
    except (KeyError, ValueError, TypeError) as exc:
        raise TelegramInvalidInitData() from exc
    now = time.time()
    if auth_date > now + TELEGRAM_CLOCK_SKEW_SECONDS or tg_id <= 0 or tg_id >= 2**63:
        raise TelegramInvalidInitData()
    if now - auth_date > TELEGRAM_AUTH_MAX_AGE_SECONDS:
        raise TelegramAuthExpired()
    return tg_user


def telegram_webapp_login(*, init_data: str, user_agent: str = "", ip: str | None = None) -> tuple[User, dict]:
    tg_user = telegram_init_data_verify(init_data=init_data)

    def text(name: str, limit: int) -> str | None:
        value = tg_user.get(name)
        return str(value).replace("\x00", "")[:limit] if value is not None else None

    return telegram_login(
        telegram_id=int(tg_user["id"]),
        username=text("username", 64),
        first_name=text("first_name", 100),
        last_name=text("last_name", 100),
        photo_url=photo_url if (photo_url := text("photo_url", 1000) or "").startswith("https://") else None,
        locale=(text("language_code", 8) or "")[:2] or None,
        user_agent=user_agent,
        ip=ip,
    )
