"""Shared by the account services: auth rate limits, email normalisation, hashing."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings

from apps.core import ratelimit

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
