"""SECURITY.md 1, 2: token attacks answer 401 in the envelope; access claims are exactly the
listed ones."""

import base64
import datetime as dt
import hashlib
import hmac
import json

import jwt
import pytest
import time_machine
from django.conf import settings

from .conftest import CommitAPIClient, assert_error, bearer, refresh, result, signin

pytestmark = pytest.mark.django_db


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forge(base: str, *, key=None, algorithm="HS256", drop=(), **changes) -> str:
    payload = {k: v for k, v in {**claims_of(base), **changes}.items() if k not in drop}
    return jwt.encode(payload, key or settings.JWT_SECRET_KEY, algorithm=algorithm)


def me(client, token):
    return bearer(client, token).get("/api/v1/me")


def test_access_claims_are_exactly_the_listed_ones(auth_client):
    claims = claims_of(auth_client.tokens["access_token"])
    assert set(claims) == {"type", "sub", "session_id", "jti", "iat", "exp", "iss", "aud"}
    assert claims["type"] == "access" and claims["sub"] == str(auth_client.user.pk)


def test_access_token_carries_no_email(auth_client):
    assert auth_client.user.email not in json.dumps(claims_of(auth_client.tokens["access_token"]))


def test_valid_forged_copy_is_accepted_so_the_attacks_below_are_meaningful(api_client, auth_client):
    result(me(api_client, forge(auth_client.tokens["access_token"])))


def test_alg_none_is_refused(api_client, auth_client):
    header = b64({"alg": "none", "typ": "JWT"})
    token = f"{header}.{b64(claims_of(auth_client.tokens['access_token']))}."
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_other_algorithm_is_refused(api_client, auth_client, algorithm):
    token = forge(auth_client.tokens["access_token"], algorithm=algorithm)
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


def test_tampered_payload_is_refused(api_client, auth_client, other_client):
    header, _, signature = auth_client.tokens["access_token"].split(".")
    payload = {**claims_of(auth_client.tokens["access_token"]), "sub": str(other_client.user.pk)}
    assert_error(me(api_client, f"{header}.{b64(payload)}.{signature}"), 401, "AUTH_INVALID_TOKEN")


def test_wrong_key_is_refused(api_client, auth_client):
    token = forge(auth_client.tokens["access_token"], key="another-secret-key-of-enough-length-0123456789")
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_wrong_issuer_or_audience_is_refused(api_client, auth_client, claim):
    token = forge(auth_client.tokens["access_token"], **{claim: "someone-else"})
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


@pytest.mark.parametrize("claim", ["jti", "type", "session_id", "sub", "iss", "aud", "exp", "iat"])
def test_missing_claim_is_refused(api_client, auth_client, claim):
    token = forge(auth_client.tokens["access_token"], drop=(claim,))
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


GARBAGE_CLAIMS = [
    {"session_id": "not-a-uuid"},
    {"session_id": 42},
    {"session_id": None},
    {"session_id": ["x"]},
    {"session_id": {"id": "x"}},
    {"sub": 123},
    {"sub": None},
    {"sub": "not-a-uuid"},
    {"type": ["access"]},
    {"type": None},
    {"jti": "jtí-not-ascii"},
    {"iat": "yesterday"},
    {"exp": "tomorrow"},
]


@pytest.mark.parametrize("changes", GARBAGE_CLAIMS, ids=lambda c: repr(c))
def test_garbage_claim_types_are_invalid_token(api_client, auth_client, changes):
    token = forge(auth_client.tokens["access_token"], **changes)
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")


@pytest.mark.parametrize("changes", [c for c in GARBAGE_CLAIMS if "type" not in c], ids=lambda c: repr(c))
def test_garbage_claim_types_in_refresh_token_are_invalid_refresh_token(api_client, auth_client, changes):
    token = forge(auth_client.tokens["refresh_token"], **changes)
    assert_error(refresh(api_client, token), 401, "AUTH_INVALID_REFRESH_TOKEN")


def hs256(payload_json: bytes, key: str | None = None) -> str:
    """A correctly signed token whose payload is any JSON (jwt.encode only takes dicts)."""
    header = b64({"alg": "HS256", "typ": "JWT"})
    body = base64.urlsafe_b64encode(payload_json).rstrip(b"=").decode()
    digest = hmac.new((key or settings.JWT_SECRET_KEY).encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def test_hs256_helper_signs_like_pyjwt(api_client, auth_client):
    claims = claims_of(auth_client.tokens["access_token"])
    result(me(api_client, hs256(json.dumps(claims).encode())))


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"a string"', b"123", b"null", b"{", b"\xff\xfe"])
def test_signed_non_object_payload_is_refused(api_client, payload):
    token = hs256(payload)
    assert_error(me(api_client, token), 401, "AUTH_INVALID_TOKEN")
    assert_error(refresh(CommitAPIClient(), token), 401, "AUTH_INVALID_REFRESH_TOKEN")


@pytest.mark.parametrize("header", ["Bearer \x00", "Bearer é", "Bearer " + "a" * 10_000])
def test_garbled_bearer_value_is_invalid_token(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    assert_error(api_client.get("/api/v1/me"), 401, "AUTH_INVALID_TOKEN")


def test_unknown_session_is_revoked(api_client, auth_client):
    token = forge(auth_client.tokens["access_token"], session_id="00000000-0000-4000-8000-000000000000")
    assert_error(me(api_client, token), 401, "AUTH_SESSION_REVOKED")


def test_expired_access_token(api_client, auth_client):
    with time_machine.travel(dt.timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES, seconds=5)):
        assert_error(me(api_client, auth_client.tokens["access_token"]), 401, "AUTH_TOKEN_EXPIRED")


def test_refresh_token_used_as_access_is_wrong_type(api_client, auth_client):
    assert_error(me(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_INVALID_TOKEN_TYPE")


def test_access_token_sent_to_refresh_is_wrong_type(api_client, auth_client):
    assert_error(refresh(api_client, auth_client.tokens["access_token"]), 401, "AUTH_INVALID_TOKEN_TYPE")


@pytest.mark.parametrize("garbage", ["garbage", "a.b.c", "x" * 4000])
def test_garbage_refresh_token_is_invalid_refresh_token(api_client, garbage):
    assert_error(refresh(api_client, garbage), 401, "AUTH_INVALID_REFRESH_TOKEN")


def test_forged_refresh_token_is_invalid_refresh_token(api_client, auth_client):
    token = forge(auth_client.tokens["refresh_token"], key="another-secret-key-of-enough-length-0123456789")
    assert_error(refresh(api_client, token), 401, "AUTH_INVALID_REFRESH_TOKEN")


@pytest.mark.parametrize("header", ["Bearer", "Basic abc", "Bearer a b", "Token x"])
def test_garbled_authorization_header_is_not_authenticated(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    assert_error(api_client.get("/api/v1/me"), 401, "AUTH_NOT_AUTHENTICATED")


def test_no_header_is_not_authenticated(api_client):
    assert_error(api_client.get("/api/v1/me"), 401, "AUTH_NOT_AUTHENTICATED")


def test_deactivated_user_is_refused_on_next_request(auth_client):
    auth_client.user.is_active = False
    auth_client.user.save()
    assert_error(auth_client.get("/api/v1/me"), 403, "AUTH_USER_INACTIVE")


def test_signin_token_pair_shape(api_client, user):
    tokens = result(signin(api_client, user.email))["tokens"]
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60
    assert claims_of(tokens["refresh_token"])["type"] == "refresh"


def test_alg_none_refresh_token_is_invalid_refresh_token(api_client, auth_client):
    header = b64({"alg": "none", "typ": "JWT"})
    token = f"{header}.{b64(claims_of(auth_client.tokens['refresh_token']))}."
    assert_error(refresh(api_client, token), 401, "AUTH_INVALID_REFRESH_TOKEN")
    result(refresh(api_client, auth_client.tokens["refresh_token"]))  # the session was not harmed


@pytest.mark.parametrize("claim", ["iss", "aud"])
def test_refresh_token_with_wrong_issuer_or_audience_is_invalid_refresh_token(api_client, auth_client, claim):
    token = forge(auth_client.tokens["refresh_token"], **{claim: "someone-else"})
    assert_error(refresh(api_client, token), 401, "AUTH_INVALID_REFRESH_TOKEN")
