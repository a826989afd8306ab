"""JWTs through simplejwt's backend: claims `type, sub, session_id, jti, iat, exp, iss, aud`."""

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


def token_decode(raw: str, *, expected_type: str) -> dict:
    """Verify signature, algorithm, expiry, issuer, audience and claims; raise the spec's
    error. The algorithm is fixed by settings, so `alg: none` or another one is refused."""
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
