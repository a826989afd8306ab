"""SECURITY.md 24, 25: bot secret and Mini App initData."""

import hashlib
import hmac
import json
import threading
import time
from urllib.parse import urlencode

import pytest
from django.db import connection

from apps.accounts.models import User
from tests.conftest import postgres_only

from .conftest import CommitAPIClient, assert_error, bearer, result

pytestmark = pytest.mark.django_db

BOT_TOKEN = "123456:TEST-bot-token"


@pytest.fixture(autouse=True)
def _telegram_settings(settings):
    settings.BOT_SECRET_KEY = "old-bot-secret, new-bot-secret"
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN


def telegram(client, secret="new-bot-secret", **body):
    body = {"telegram_id": 4242, **body}
    headers = {} if secret is None else {"HTTP_X_BOT_SECRET": secret}
    return client.post("/api/v1/auth/telegram", body, format="json", **headers)


def test_telegram_creates_active_user_without_email_or_password(api_client):
    body = result(telegram(api_client, username="dreamer", first_name="Oleg"))
    assert set(body) == {"access_token", "refresh_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert body["user"]["telegram_id"] == 4242 and body["user"]["email"] is None
    user = User.objects.get()
    assert user.is_active and not user.has_usable_password() and user.username == "dreamer"


def test_telegram_tokens_work(api_client):
    body = result(telegram(api_client))
    assert result(bearer(CommitAPIClient(), body["access_token"]).get("/api/v1/me"))["user"]["telegram_id"] == 4242


def test_telegram_finds_existing_user_and_updates_profile(api_client):
    result(telegram(api_client, username="old", first_name="Oleg"))
    result(telegram(api_client, username="new", photo_url="https://t.me/p.jpg"))
    user = User.objects.get()
    assert (user.username, user.first_name, user.photo_url) == ("new", "Oleg", "https://t.me/p.jpg")


@pytest.mark.parametrize("secret", ["old-bot-secret", "new-bot-secret"])
def test_either_configured_secret_works(api_client, secret):
    result(telegram(api_client, secret=secret))


@pytest.mark.parametrize("secret", [None, "", "wrong", "old-bot-secret, new-bot-secret", "new-bot-secre"])
def test_missing_or_wrong_secret_is_forbidden(api_client, secret):
    assert_error(telegram(api_client, secret=secret), 403, "AUTH_TELEGRAM_FORBIDDEN")
    assert not User.objects.exists()


def test_unset_bot_secret_disables_endpoint(api_client, settings):
    settings.BOT_SECRET_KEY = ""
    assert_error(telegram(api_client, secret=""), 403, "AUTH_TELEGRAM_FORBIDDEN")


def test_secret_is_compared_in_constant_time(api_client, monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    telegram(api_client, secret="wrong")
    assert len(calls) == 2


@pytest.mark.parametrize("body", [{"telegram_id": "abc"}, {"telegram_id": 0}, {"telegram_id": 2**64}, {"telegram_id": 1, "username": "a\x00"}])
def test_bad_telegram_body_is_422(api_client, body):
    response = api_client.post("/api/v1/auth/telegram", body, format="json", HTTP_X_BOT_SECRET="new-bot-secret")
    assert_error(response, 422, "VALIDATION_ERROR")


def test_inactive_telegram_user_is_refused(api_client):
    User.objects.create_user(email=None, telegram_id=4242, is_active=False)
    assert_error(telegram(api_client), 403, "AUTH_USER_INACTIVE")


# --- Mini App initData -------------------------------------------------------------------


def signed_init_data(fields: dict, *, bot_token=BOT_TOKEN, extra_pairs=()) -> str:
    check = "\n".join(sorted(f"{k}={v}" for k, v in fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode([*fields.items(), *extra_pairs, ("hash", digest)])


def webapp_fields(**overrides) -> dict:
    user = {"id": 9001, "first_name": "Вера", "username": "vera", "language_code": "ru"}
    return {"auth_date": str(int(time.time())), "query_id": "AAE", "user": json.dumps(user, ensure_ascii=False), **overrides}


def webapp(client, init_data):
    return client.post("/api/v1/auth/telegram/webapp", {"init_data": init_data}, format="json")


def test_signed_init_data_logs_in(api_client):
    body = result(webapp(api_client, signed_init_data(webapp_fields())))
    assert body["user"]["telegram_id"] == 9001 and body["user"]["first_name"] == "Вера"
    assert body["token_type"] == "bearer"
    assert User.objects.get().locale == "ru"


def test_tampered_field_is_refused(api_client):
    init_data = signed_init_data(webapp_fields()).replace("query_id=AAE", "query_id=AAF")
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_tampered_user_id_is_refused(api_client):
    fields = webapp_fields()
    init_data = signed_init_data(fields)
    forged = init_data.replace("9001", "9002")
    assert_error(webapp(api_client, forged), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_wrong_bot_token_signature_is_refused(api_client):
    init_data = signed_init_data(webapp_fields(), bot_token="999:other")
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_duplicate_key_is_refused(api_client):
    init_data = signed_init_data(webapp_fields(), extra_pairs=[("query_id", "AAE")])
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_missing_hash_is_refused(api_client):
    assert_error(webapp(api_client, urlencode(webapp_fields())), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_auth_date_older_than_an_hour_is_expired(api_client):
    init_data = signed_init_data(webapp_fields(auth_date=str(int(time.time()) - 3601)))
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_AUTH_EXPIRED")


def test_auth_date_in_the_future_is_refused(api_client):
    init_data = signed_init_data(webapp_fields(auth_date=str(int(time.time()) + 600)))
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


@pytest.mark.parametrize("user_json", ["not json", "[]", '{"id": "x"}', '{"name": "no id"}'])
def test_signed_but_malformed_user_is_refused(api_client, user_json):
    init_data = signed_init_data(webapp_fields(user=user_json))
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_garbage_init_data_is_refused(api_client):
    assert_error(webapp(api_client, "%%%&&&==="), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


def test_webapp_without_bot_token_is_forbidden(api_client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert_error(webapp(api_client, signed_init_data(webapp_fields())), 403, "AUTH_TELEGRAM_FORBIDDEN")


@pytest.mark.parametrize("bad_hash", ["%C3%A9", "%F0%9F%98%80" * 32, "%00", "%FF"])
def test_non_ascii_hash_is_refused_not_a_500(api_client, bad_hash):
    init_data = f"auth_date={int(time.time())}&user=%7B%22id%22%3A1%7D&hash={bad_hash}"
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


@pytest.mark.parametrize("user_json", ["null", "123", '"text"', '{"id": null}', '{"id": [1]}', '{"id": -5}', '{"id": 1e100}'])
def test_signed_user_of_wrong_type_is_refused(api_client, user_json):
    init_data = signed_init_data(webapp_fields(user=user_json))
    assert_error(webapp(api_client, init_data), 401, "AUTH_TELEGRAM_INVALID_INIT_DATA")


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_first_logins_of_one_telegram_id_make_one_user():
    barrier = threading.Barrier(8)
    statuses = []

    def worker():
        try:
            client = CommitAPIClient()
            barrier.wait()
            statuses.append(telegram(client, telegram_id=5150, username="racer").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert User.objects.filter(telegram_id=5150).count() == 1
