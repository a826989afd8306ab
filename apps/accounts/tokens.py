"""JWTs through simplejwt's backend: claims `type, sub, session_id, jti, iat, exp, iss, aud`."""

import time
from datetime import timedelta

from django.conf import settings
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenBackendExpiredToken
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .errors import InvalidToken, InvalidTokenType, TokenExpired

REQUIRED_CLAIMS = ("type", "sub", "session_id", "jti", "iat", "exp")
STRING_CLAIMS = ("type", "sub", "session_id", "jti")


def _signed(token, *, session) -> tuple[str, str]:
    token["sub"] = str(session.user_id)
    token["session_id"] = str(session.id)
    return str(token), token["jti"]


def token_pair_issue(*, session) -> tuple[dict, str]:
    """A new access + refresh pair for a session; returns the public TokenPair and the refresh
    token's jti, which the caller stores on the session."""
    access, _ = _signed(AccessToken(), session=session)
    refresh, refresh_jti = _signed(RefreshToken(), session=session)
    pair = {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] / timedelta(seconds=1)),
    }
    return pair, refresh_jti


# Access tokens this process has verified (the exact string -> its claims): a client sends
# the same token on every request for its whole lifetime, and verifying it (base64, HMAC,
# claims) is a fifth of a cached read (bench/PROFILE.md). A hit is keyed by the full token, so
# it cannot be forged; expiry is still checked on every use, and the session check that
# follows decides revocation. Bounded: cleared when full.
_VERIFIED_ACCESS: dict[str, dict] = {}
_VERIFIED_ACCESS_MAX = 10_000


def token_decode(raw: str, *, expected_type: str) -> dict:
    """Verify signature, algorithm, expiry, issuer, audience and claims; raise the spec's
    error. The algorithm is fixed by settings, so `alg: none` or another one is refused."""
    known = _VERIFIED_ACCESS.get(raw) if expected_type == "access" else None
    if known is not None:
        if known["exp"] <= time.time():
            _VERIFIED_ACCESS.pop(raw, None)
            raise TokenExpired()
        return dict(known)
    payload = _token_verify(raw, expected_type=expected_type)
    if expected_type == "access" and isinstance(payload.get("exp"), int | float):
        if len(_VERIFIED_ACCESS) >= _VERIFIED_ACCESS_MAX:
            _VERIFIED_ACCESS.clear()
        _VERIFIED_ACCESS[raw] = dict(payload)
    return payload


def _token_verify(raw: str, *, expected_type: str) -> dict:
    try:
        payload = token_backend.decode(raw, verify=True)
    except TokenBackendExpiredToken as exc:
        raise TokenExpired() from exc
    except (TokenBackendError, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
    if not isinstance(payload, dict) or any(claim not in payload for claim in REQUIRED_CLAIMS):
        raise InvalidToken()
    # Garbage types ("sub": 123, "jti": ["x"], a non-ASCII jti) are malformed tokens, not a
    # reason for a 500 further down (uuid parsing, constant-time comparisons).
    if any(not isinstance(payload[claim], str) or not payload[claim].isascii() for claim in STRING_CLAIMS):
        raise InvalidToken()
    if payload["type"] != expected_type:
        raise InvalidTokenType()
    return payload
