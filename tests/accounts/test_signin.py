"""Signin, password policy, hash upgrade, brute-force limits (SECURITY.md 16–19)."""

import datetime as dt
import threading
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.db import connection

from apps.accounts.models import User
from apps.core import ratelimit
from tests.accounts.factories import UserFactory
from tests.conftest import postgres_only

from .conftest import PASSWORD, CommitAPIClient, assert_error, result, signin, signup

pytestmark = pytest.mark.django_db

# Mid-window, so a test's requests never straddle a limit window boundary.
T0 = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)


def test_signin_returns_user_and_tokens(api_client, user):
    body = result(signin(api_client, user.email))
    assert body["user"]["id"] == str(user.pk)
    assert body["tokens"]["access_token"]


def test_signin_email_is_case_insensitive(api_client, user):
    result(signin(api_client, user.email.upper()))


def test_wrong_password_is_invalid_credentials(api_client, user):
    assert_error(signin(api_client, user.email, "Wrong-Password-1"), 401, "AUTH_INVALID_CREDENTIALS")


def test_unknown_email_looks_like_wrong_password(api_client):
    error = assert_error(signin(api_client, "ghost@example.com"), 401, "AUTH_INVALID_CREDENTIALS")
    assert error["details"] == {}


def test_inactive_account_with_wrong_password_does_not_reveal_state(api_client):
    user = UserFactory(is_active=False, is_email_verified=False)
    assert_error(signin(api_client, user.email, "Wrong-Password-1"), 401, "AUTH_INVALID_CREDENTIALS")


def test_deactivated_account_is_inactive(api_client):
    user = UserFactory(is_active=False)
    error = assert_error(signin(api_client, user.email), 403, "AUTH_USER_INACTIVE")
    assert error["details"]["reason"] != "email_not_verified"


@pytest.mark.parametrize("password", ["short1!", "password123", "12345678901", "new@example.com"])
def test_weak_password_is_422_on_password_field(api_client, password):
    error = assert_error(signup(api_client, password=password), 422, "VALIDATION_ERROR")
    assert "password" in error["fields"]


def test_long_password_is_not_truncated(api_client):
    long_password = "Dream-" + "x" * 494
    with time_machine.travel(T0):
        result(signup(api_client, "long@example.com", long_password))
    user = User.objects.get()
    user.is_active = user.is_email_verified = True
    user.save()
    assert_error(signin(api_client, "long@example.com", long_password[:-1] + "y"), 401, "AUTH_INVALID_CREDENTIALS")
    result(signin(api_client, "long@example.com", long_password))


def test_oversized_password_is_422(api_client, user):
    assert_error(signin(api_client, user.email, "x" * 5000), 422, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/signin", {"email": "a@example.com", "password": "a\x00b"}),
        ("/api/v1/auth/signup", {"email": "a@example.com", "password": "Dream-Big-2030", "first_name": "a\x00"}),
        ("/api/v1/auth/signup", {"email": "a\x00@example.com", "password": "Dream-Big-2030"}),
        ("/api/v1/auth/refresh", {"refresh_token": "a\x00b"}),
        ("/api/v1/auth/send-email-verification", {"email": "x" * 300 + "@example.com"}),
        ("/api/v1/auth/check-email-verification-code", {"verification_token": "t\x00", "code": "123456"}),
        ("/api/v1/auth/check-email-verification-code", {"verification_token": "t" * 1000, "code": "123456"}),
        ("/api/v1/auth/request-password-reset", {"email": "a\x00@example.com"}),
        ("/api/v1/auth/reset-password", {"token": "t\x00", "new_password": "Dream-Big-2030"}),
        ("/api/v1/auth/reset-password", {"token": "t" * 10_000, "new_password": "Dream-Big-2030"}),
        ("/api/v1/auth/telegram/webapp", {"init_data": "a=\x00"}),
        ("/api/v1/auth/telegram/webapp", {"init_data": "a" * 20_000}),
    ],
)
def test_nul_byte_or_oversized_value_is_4xx(api_client, path, body):
    response = api_client.post(path, body, format="json")
    assert 400 <= response.status_code < 500
    assert response.json()["ok"] is False


def test_older_hash_is_upgraded_to_argon2_at_signin(settings, api_client):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    result(signin(api_client, user.email))
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    result(signin(api_client, user.email))


def test_base_settings_put_argon2_first():
    from mechta.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_eleventh_failed_signin_is_rate_limited_with_retry_after(api_client, user):
    with time_machine.travel(T0, tick=False):
        for _ in range(10):
            assert_error(signin(api_client, user.email, "Wrong-Password-1"), 401, "AUTH_INVALID_CREDENTIALS")
        response = signin(api_client, user.email)  # even the right password
        error = assert_error(response, 429, "RATE_LIMITED")
    assert int(response["Retry-After"]) == error["details"]["retry_after"] > 0


def test_signin_works_again_after_the_fifteen_minute_window(api_client, user):
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(11):
            signin(api_client, user.email, "Wrong-Password-1")
        assert_error(signin(api_client, user.email), 429, "RATE_LIMITED")
        traveller.shift(dt.timedelta(minutes=15))
        result(signin(api_client, user.email))


def test_successful_signins_do_not_count_as_failures(api_client, user):
    with time_machine.travel(T0, tick=False):
        for _ in range(12):
            result(signin(api_client, user.email, REMOTE_ADDR=f"10.0.0.{_}"))


def test_failure_limit_is_per_email(api_client, user):
    other = UserFactory()
    with time_machine.travel(T0, tick=False):
        for _ in range(10):
            signin(api_client, user.email, "Wrong-Password-1", REMOTE_ADDR=f"10.0.1.{_}")
        result(signin(api_client, other.email, REMOTE_ADDR="10.0.2.1"))


def test_thirty_one_requests_per_ip_per_minute_is_rate_limited(api_client, user):
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(30):
            result(signin(api_client, user.email))
        assert_error(signin(api_client, user.email), 429, "RATE_LIMITED")
        assert signin(api_client, user.email, REMOTE_ADDR="10.9.9.9").status_code == 200
        traveller.shift(dt.timedelta(minutes=1))
        result(signin(api_client, user.email))


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/signup", {"email": "x@example.com", "password": "1"}),
        ("/api/v1/auth/send-email-verification", {"email": "bad"}),
        ("/api/v1/auth/check-email-verification-code", {"verification_token": "t", "code": "1"}),
        ("/api/v1/auth/request-password-reset", {"email": "bad"}),
        ("/api/v1/auth/reset-password", {"token": "t", "new_password": "x"}),
    ],
)
def test_other_auth_endpoints_are_limited_per_ip(api_client, path, body):
    with time_machine.travel(T0, tick=False):
        for _ in range(30):
            assert api_client.post(path, body, format="json").status_code != 429
        assert_error(api_client.post(path, body, format="json"), 429, "RATE_LIMITED")


class _DeadCache:
    """What django-redis answers with IGNORE_EXCEPTIONS when Redis is down."""

    def add(self, *args, **kwargs):
        return None

    def incr(self, *args, **kwargs):
        return None

    def decr(self, *args, **kwargs):
        return None

    def get(self, *args, **kwargs):
        return None

    def get_many(self, *args, **kwargs):
        return {}

    def set(self, *args, **kwargs):
        return None


def test_limits_hold_in_the_database_when_cache_is_down(api_client, user):
    with mock.patch.object(ratelimit, "cache", _DeadCache()):
        for _ in range(10):
            assert_error(signin(api_client, user.email, "Wrong-Password-1"), 401, "AUTH_INVALID_CREDENTIALS")
        assert_error(signin(api_client, user.email, "Wrong-Password-1"), 429, "RATE_LIMITED")
        assert_error(signin(api_client, user.email), 429, "RATE_LIMITED")
        assert api_client.post("/api/v1/auth/send-email-verification", {"email": "a@b.co"}, format="json").status_code == 200


def test_correct_signins_are_not_limited_when_cache_is_down(api_client, user):
    with mock.patch.object(ratelimit, "cache", _DeadCache()):
        for index in range(12):
            result(signin(api_client, user.email, REMOTE_ADDR=f"10.0.3.{index}"))


def test_limiter_survives_a_cache_that_raises(api_client, user):
    broken = mock.Mock()
    broken.add.side_effect = ConnectionError
    broken.incr.side_effect = ConnectionError
    broken.get.side_effect = ConnectionError
    with mock.patch.object(ratelimit, "cache", broken):
        result(signin(api_client, user.email))


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bad_signins_hash_at_most_ten_passwords(settings):
    settings.AUTH_RATE_LIMITS = {"ip": (1000, 60)}
    user = UserFactory()
    calls = []
    original = User.check_password

    def counting(self, raw):
        calls.append(1)
        return original(self, raw)

    barrier = threading.Barrier(50)
    statuses = []

    def worker():
        try:
            client = CommitAPIClient()
            barrier.wait()
            statuses.append(signin(client, user.email, "Wrong-Password-1").status_code)
        finally:
            connection.close()

    with time_machine.travel(T0), mock.patch.object(User, "check_password", counting):
        threads = [threading.Thread(target=worker) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(calls) == 10  # at most the limit reaches hashing; all ten reserved slots do
    assert statuses.count(401) == len(calls)
    assert statuses.count(429) == 50 - len(calls)
