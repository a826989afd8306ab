"""SECURITY.md 28: no password, code, token, Authorization or X-Bot-Secret value in the logs."""

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from .conftest import PASSWORD, assert_error, bearer, mailed_code, refresh, result, signin, signup, verify

pytestmark = pytest.mark.django_db

BOT_SECRET = "bot-secret-that-must-not-leak"
BOT_TOKEN = "4242:bot-token-that-must-not-leak"


def test_auth_flow_logs_hold_no_secrets(api_client, caplog, settings):
    settings.BOT_SECRET_KEY = BOT_SECRET
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.REFRESH_REUSE_GRACE_SECONDS = 0  # the reuse below revokes the session
    secrets = [PASSWORD, BOT_SECRET, BOT_TOKEN]
    with caplog.at_level(logging.DEBUG):
        token = result(signup(api_client))["verification_token"]
        code = mailed_code()
        assert_error(verify(api_client, token, "000000" if code != "000000" else "111111"), 400, "AUTH_INVALID_VERIFICATION_CODE")
        tokens = result(verify(api_client, token, code))["tokens"]
        assert_error(signin(api_client, "new@example.com", "Wrong-" + PASSWORD), 401, "AUTH_INVALID_CREDENTIALS")
        tokens2 = result(signin(api_client, "new@example.com"))["tokens"]
        pair = result(refresh(api_client, tokens2["refresh_token"]))
        assert_error(refresh(api_client, tokens2["refresh_token"]), 401, "AUTH_REFRESH_TOKEN_REUSED")
        result(bearer(api_client, tokens["access_token"]).get("/api/v1/me"))
        assert_error(bearer(api_client, pair["access_token"]).get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
        api_client.credentials()
        tg = result(
            api_client.post("/api/v1/auth/telegram", {"telegram_id": 77}, format="json", HTTP_X_BOT_SECRET=BOT_SECRET)
        )
        assert_error(
            api_client.post("/api/v1/auth/telegram", {"telegram_id": 77}, format="json", HTTP_X_BOT_SECRET="wrong-" + BOT_SECRET),
            403,
            "AUTH_TELEGRAM_FORBIDDEN",
        )
        fields = {"auth_date": str(int(time.time())), "user": json.dumps({"id": 78})}
        check = "\n".join(sorted(f"{k}={v}" for k, v in fields.items()))
        key = hmac.new(b"WebAppData", BOT_TOKEN.encode(), hashlib.sha256).digest()
        init_data = urlencode({**fields, "hash": hmac.new(key, check.encode(), hashlib.sha256).hexdigest()})
        result(api_client.post("/api/v1/auth/telegram/webapp", {"init_data": init_data}, format="json"))
        api_client.post("/api/v1/auth/request-password-reset", {"email": "new@example.com"}, format="json")
    secrets += [token, code, tokens["access_token"], tokens["refresh_token"], tokens2["refresh_token"],
                pair["access_token"], pair["refresh_token"], tg["access_token"], tg["refresh_token"], init_data]
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    assert caplog.records, "the flow is expected to log something"
    for secret in secrets:
        assert secret not in logged
    assert "Bearer" not in logged
