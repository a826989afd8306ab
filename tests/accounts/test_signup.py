import datetime as dt
import threading
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import TestCase

from apps.accounts import services
from apps.accounts.models import EmailVerification, User
from apps.accounts.services import signup as signup_services
from tests.conftest import postgres_only

from .conftest import (
    PASSWORD,
    CommitAPIClient,
    assert_error,
    mailed_code,
    result,
    signed_up_and_verified,
    signin,
    signup,
    verify,
)

pytestmark = pytest.mark.django_db

UNSET = object()


def test_signup_returns_token_and_inactive_user(api_client):
    body = result(signup(api_client, "New@Example.com", first_name="Ivan", time_zone="Europe/Moscow", locale="en"))
    assert body["verification_token"]
    assert body["user"]["email"] == "new@example.com"
    assert body["user"]["is_email_verified"] is False
    user = User.objects.get()
    assert user.email == "new@example.com" and user.is_active is False
    assert user.time_zone == "Europe/Moscow"


def test_signup_mails_a_six_digit_code(api_client):
    signup(api_client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert len(mailed_code()) == 6


def test_signup_mail_is_sent_only_after_commit(db):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        services.user_signup(email="late@example.com", password=PASSWORD)
        assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_code_comes_from_secrets(api_client):
    with mock.patch("secrets.randbelow", return_value=42) as randbelow:
        token = result(signup(api_client))["verification_token"]
    randbelow.assert_called_once_with(1_000_000)
    assert mailed_code() == "000042"
    result(verify(api_client, token, "000042"))


def test_code_is_stored_hashed(api_client):
    token = result(signup(api_client))["verification_token"]
    code = mailed_code()
    row = EmailVerification.objects.get()
    assert code not in row.code_hash and token != row.token_hash
    assert token not in row.token_hash


def test_mail_in_english_for_english_locale(api_client):
    signup(api_client, locale="en")
    assert "confirmation code" in mail.outbox[0].subject


def test_mail_in_russian_by_request_language(api_client):
    api_client.post(
        "/api/v1/auth/signup", {"email": "a@example.com", "password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "код" in mail.outbox[0].subject.lower()
    assert User.objects.get().locale == "ru"


def test_locale_defaults_to_request_language(api_client):
    api_client.post(
        "/api/v1/auth/signup", {"email": "a@example.com", "password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert User.objects.get().locale == "en"


def test_verification_returns_user_and_tokens(api_client):
    body = signed_up_and_verified(api_client)
    assert body["user"]["is_email_verified"] is True
    assert body["tokens"]["token_type"] == "bearer"
    assert set(body["tokens"]) == {"access_token", "refresh_token", "token_type", "expires_in"}
    user = User.objects.get()
    assert user.is_active and user.is_email_verified


def test_verified_tokens_work_on_me(api_client):
    body = signed_up_and_verified(api_client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['tokens']['access_token']}")
    assert result(api_client.get("/api/v1/me"))["user"]["email"] == "new@example.com"


def test_signin_before_verification_is_inactive_with_reason(api_client):
    signup(api_client)
    error = assert_error(signin(api_client, "new@example.com"), 403, "AUTH_USER_INACTIVE")
    assert error["details"]["reason"] == "email_not_verified"


def test_wrong_code_reports_attempts_left(api_client):
    token = result(signup(api_client))["verification_token"]
    wrong = "000000" if mailed_code() != "000000" else "111111"
    error = assert_error(verify(api_client, token, wrong), 400, "AUTH_INVALID_VERIFICATION_CODE")
    assert error["details"]["attempts_left"] == 4


def test_five_wrong_codes_kill_the_token_even_for_the_right_code(api_client):
    token = result(signup(api_client))["verification_token"]
    code = mailed_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        error = assert_error(verify(api_client, token, wrong), 400, "AUTH_INVALID_VERIFICATION_CODE")
        assert error["details"]["attempts_left"] == left
    assert_error(verify(api_client, token, code), 400, "AUTH_VERIFICATION_ATTEMPTS_EXCEEDED")


def test_code_expires_after_ten_minutes(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        token = result(signup(api_client))["verification_token"]
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        assert_error(verify(api_client, token, mailed_code()), 400, "AUTH_VERIFICATION_TOKEN_EXPIRED")


def test_code_still_valid_just_before_ten_minutes(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        token = result(signup(api_client))["verification_token"]
        traveller.shift(dt.timedelta(minutes=9, seconds=50))
        result(verify(api_client, token, mailed_code()))


def test_unknown_verification_token_is_not_found(api_client):
    assert_error(verify(api_client, "nope", "123456"), 400, "AUTH_VERIFICATION_TOKEN_NOT_FOUND")


def test_code_is_consumed_on_success(api_client):
    token = result(signup(api_client))["verification_token"]
    code = mailed_code()
    result(verify(api_client, token, code))
    assert_error(verify(api_client, token, code), 400, "AUTH_VERIFICATION_TOKEN_NOT_FOUND")


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", ""])
def test_malformed_code_is_422(api_client, code):
    token = result(signup(api_client))["verification_token"]
    assert_error(verify(api_client, token, code), 422, "VALIDATION_ERROR")


def test_signup_with_verified_email_is_email_already_exists(api_client, user):
    assert_error(signup(api_client, user.email.upper()), 400, "AUTH_EMAIL_ALREADY_EXISTS")


def test_signup_again_for_unverified_account_replaces_password_and_code(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        first = result(signup(api_client, password=PASSWORD))["verification_token"]
        traveller.shift(dt.timedelta(seconds=61))
        second = result(signup(api_client, password="Another-Dream-2031"))["verification_token"]
        assert User.objects.count() == 1
        assert_error(verify(api_client, first, mailed_code(mail.outbox[0])), 400, "AUTH_VERIFICATION_TOKEN_NOT_FOUND")
        result(verify(api_client, second, mailed_code(mail.outbox[1])))
        assert signin(api_client, "new@example.com", PASSWORD).status_code == 401
        result(signin(api_client, "new@example.com", "Another-Dream-2031"))


def test_resend_invalidates_the_old_code(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        old = result(signup(api_client))["verification_token"]
        old_code = mailed_code()
        traveller.shift(dt.timedelta(seconds=61))
        new = result(api_client.post("/api/v1/auth/send-email-verification", {"email": "new@example.com"}, format="json"))
        assert len(mail.outbox) == 2
        assert_error(verify(api_client, old, old_code), 400, "AUTH_VERIFICATION_TOKEN_NOT_FOUND")
        result(verify(api_client, new["verification_token"], mailed_code()))


def _resend(client, email):
    return client.post("/api/v1/auth/send-email-verification", {"email": email}, format="json")


def test_resend_for_unknown_email_returns_token_without_mail(api_client):
    body = result(_resend(api_client, "ghost@example.com"))
    assert body["verification_token"]
    assert mail.outbox == []
    assert_error(verify(api_client, body["verification_token"], "123456"), 400, "AUTH_VERIFICATION_TOKEN_NOT_FOUND")


def test_resend_for_verified_email_returns_token_without_mail(api_client, user):
    body = result(_resend(api_client, user.email))
    assert set(body) == {"verification_token"}
    assert mail.outbox == []


def test_resend_within_sixty_seconds_is_rate_limited(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        signup(api_client)
        response = _resend(api_client, "new@example.com")
        error = assert_error(response, 429, "RATE_LIMITED")
        assert int(response["Retry-After"]) == error["details"]["retry_after"] == 60
        assert len(mail.outbox) == 1


def test_resend_limited_to_five_mails_per_hour(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC), tick=False) as traveller:
        signup(api_client)
        for _ in range(4):
            traveller.shift(dt.timedelta(seconds=61))
            result(_resend(api_client, "new@example.com"))
        traveller.shift(dt.timedelta(seconds=61))
        assert_error(_resend(api_client, "new@example.com"), 429, "RATE_LIMITED")
        assert len(mail.outbox) == 5
        traveller.shift(dt.timedelta(hours=1))
        result(_resend(api_client, "new@example.com"))
        assert len(mail.outbox) == 6


def test_resend_rate_limit_is_the_same_for_unknown_email(api_client):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        result(_resend(api_client, "ghost@example.com"))
        assert_error(_resend(api_client, "ghost@example.com"), 429, "RATE_LIMITED")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("time_zone", "../../etc/passwd"),
        ("date_of_birth", "2999-01-01"),
        ("gender", "robot"),
        ("locale", "de"),
        ("email", "not-an-email"),
        ("first_name", "x" * 101),
    ],
)
def test_bad_signup_field_is_422(api_client, field, value):
    body = {"email": "new@example.com", "password": PASSWORD, field: value}
    error = assert_error(api_client.post("/api/v1/auth/signup", body, format="json"), 422, "VALIDATION_ERROR")
    assert field in error["fields"]


def test_signup_stores_optional_profile(api_client):
    result(
        signup(
            api_client,
            first_name="Anna",
            last_name="Petrova",
            date_of_birth="1990-05-17",
            gender="female",
            life_format="nomad",
            locale="en",
        )
    )
    user = User.objects.get()
    assert (user.last_name, str(user.date_of_birth), user.gender, user.life_format) == (
        "Petrova", "1990-05-17", "female", "nomad",
    )


def _in_parallel(n, call):
    """Run `call()` in n threads released together; returns [(status, error code)]."""
    barrier = threading.Barrier(n)
    outcomes = []

    def worker():
        try:
            client = CommitAPIClient()
            barrier.wait()
            response = call(client)
            error = response.json()["error"]
            outcomes.append((response.status_code, error and error["code"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_signups_of_one_new_email_make_one_account_and_no_error(settings):
    settings.AUTH_RATE_LIMITS = {"ip": (1000, 60)}
    outcomes = _in_parallel(8, lambda client: signup(client, "race@example.com"))
    assert sorted(outcomes) == [(200, None)] + [(429, "RATE_LIMITED")] * 7  # one mail per minute
    assert User.objects.filter(email="race@example.com").count() == 1


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_signups_race_to_insert_without_the_mail_limiter(settings):
    """With the limiter out of the way (e.g. Redis down: it fails open) every request reaches
    the INSERT; the losers hit the unique index and must take the row over, not 400/500."""
    settings.AUTH_RATE_LIMITS = {"ip": (1000, 60)}
    with mock.patch.object(signup_services, "_mail_limit_hit"):
        outcomes = _in_parallel(8, lambda client: signup(client, "race@example.com"))
    assert outcomes == [(200, None)] * 8
    assert User.objects.filter(email="race@example.com").count() == 1
    assert EmailVerification.objects.count() == 1  # only the newest code lives


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_are_counted_atomically(settings):
    settings.AUTH_RATE_LIMITS = {"ip": (1000, 60)}
    token = result(signup(CommitAPIClient()))["verification_token"]
    code = mailed_code()
    wrong = "000000" if code != "000000" else "111111"
    outcomes = _in_parallel(10, lambda client: verify(client, token, wrong))
    assert sorted(outcomes) == [(400, "AUTH_INVALID_VERIFICATION_CODE")] * 5 + [
        (400, "AUTH_VERIFICATION_ATTEMPTS_EXCEEDED")
    ] * 5
    assert EmailVerification.objects.get().attempts == 5
    assert_error(verify(CommitAPIClient(), token, code), 400, "AUTH_VERIFICATION_ATTEMPTS_EXCEEDED")
    assert not User.objects.get().is_active


def test_database_refuses_emails_differing_only_in_case(user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email=user.email.upper(), password="!")])  # bypasses the manager


def test_user_primary_key_is_a_uuid(user):
    import uuid

    assert isinstance(user.pk, uuid.UUID)
    assert User._meta.pk.get_internal_type() == "UUIDField"
