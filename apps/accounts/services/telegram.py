"""Telegram logins: the login widget (bot secret) and the Web App (signed init data)."""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import IntegrityError, transaction

from ..errors import (
    TelegramAuthExpired,
    TelegramForbidden,
    TelegramInvalidInitData,
    UserInactive,
)
from ..models import User
from .common import TELEGRAM_AUTH_MAX_AGE_SECONDS, TELEGRAM_CLOCK_SKEW_SECONDS
from .sessions import session_create, user_changed

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
