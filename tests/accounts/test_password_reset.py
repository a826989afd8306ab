"""SECURITY.md 14, 15 and 9 (reset revokes every session)."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from apps.accounts import services
from apps.accounts.models import PasswordResetToken
from tests.accounts.factories import UserFactory

from .conftest import (
    NEW_PASSWORD,
    PASSWORD,
    CommitAPIClient,
    assert_error,
    mailed_reset_token,
    result,
    signed_in,
    signin,
)

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)


def request_reset(client, email):
    return client.post("/api/v1/auth/request-password-reset", {"email": email}, format="json")


def reset(client, token, password=NEW_PASSWORD):
    return client.post("/api/v1/auth/reset-password", {"token": token, "new_password": password}, format="json")


def test_same_answer_for_existing_unknown_and_inactive_emails(api_client, user):
    inactive = UserFactory(is_active=False)
    answers = [result(request_reset(api_client, email)) for email in (user.email, "ghost@example.com", inactive.email)]
    assert answers == [{"success": True}] * 3


def test_mail_only_for_existing_account(api_client, user):
    request_reset(api_client, "ghost@example.com")
    request_reset(api_client, UserFactory(is_active=False).email)
    assert mail.outbox == []
    request_reset(api_client, user.email.upper())
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_reset_mail_is_queued_after_commit(user):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        services.password_reset_request(email=user.email)
        assert mail.outbox == []
    assert len(callbacks) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        callbacks[0]()  # the queued task, run eagerly here
    assert len(mail.outbox) == 1


def test_reset_request_queues_the_named_task_with_only_the_email(api_client, user, monkeypatch):
    from apps.accounts import tasks

    assert tasks.password_reset_mail.name == "accounts.password_reset_mail"
    queued = []
    monkeypatch.setattr(tasks.password_reset_mail, "delay", lambda *args, **kwargs: queued.append((args, kwargs)))
    result(request_reset(api_client, user.email.upper()))
    assert queued == [((user.email,), {})]
    assert not PasswordResetToken.objects.exists() and mail.outbox == []  # the task creates and mails it


@pytest.mark.parametrize("known", [True, False])
def test_reset_request_does_no_account_lookup(user, known, django_assert_num_queries):
    """The response cannot depend on the account: the request touches no table at all; the
    lookup and the mail happen in the task."""
    with django_assert_num_queries(0):
        services.password_reset_request(email=user.email if known else "nobody@example.com")


def test_token_is_long_random_and_stored_hashed(api_client, user):
    request_reset(api_client, user.email)
    token = mailed_reset_token()
    assert len(token) >= 43  # token_urlsafe(32): 256 bits
    row = PasswordResetToken.objects.get()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_reset_sets_password_and_revokes_every_session(api_client, user):
    client = signed_in(user)
    request_reset(api_client, user.email)
    assert result(reset(api_client, mailed_reset_token())) == {"success": True}
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    assert_error(signin(api_client, user.email, PASSWORD), 401, "AUTH_INVALID_CREDENTIALS")
    result(signin(api_client, user.email, NEW_PASSWORD))


def test_token_is_single_use(api_client, user):
    request_reset(api_client, user.email)
    token = mailed_reset_token()
    result(reset(api_client, token))
    assert_error(reset(api_client, token, "Another-Sunrise-99"), 400, "AUTH_INVALID_RESET_TOKEN")


def test_unknown_token_is_invalid(api_client):
    assert_error(reset(api_client, "nope"), 400, "AUTH_INVALID_RESET_TOKEN")


def test_token_expires_after_sixty_minutes(api_client, user):
    with time_machine.travel(T0, tick=False) as traveller:
        request_reset(api_client, user.email)
        traveller.shift(dt.timedelta(minutes=60, seconds=1))
        assert_error(reset(api_client, mailed_reset_token()), 400, "AUTH_RESET_TOKEN_EXPIRED")


def test_newer_request_invalidates_older_token(api_client, user):
    request_reset(api_client, user.email)
    first = mailed_reset_token()
    request_reset(api_client, user.email)
    second = mailed_reset_token()
    assert_error(reset(api_client, first), 400, "AUTH_INVALID_RESET_TOKEN")
    result(reset(api_client, second))


def test_password_change_invalidates_reset_token(api_client, user):
    request_reset(api_client, user.email)
    token = mailed_reset_token()
    client = signed_in(user)
    result(client.put("/api/v1/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"))
    assert_error(reset(api_client, token, "Another-Sunrise-99"), 400, "AUTH_INVALID_RESET_TOKEN")


def test_weak_new_password_is_422_and_keeps_the_token(api_client, user):
    request_reset(api_client, user.email)
    token = mailed_reset_token()
    error = assert_error(reset(api_client, token, "12345678"), 422, "VALIDATION_ERROR")
    assert "password" in error["fields"]
    result(reset(api_client, token))


def test_reset_requests_per_email_are_limited(api_client, user):
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            result(request_reset(CommitAPIClient(REMOTE_ADDR="10.0.0.1"), user.email))
        assert_error(request_reset(api_client, user.email), 429, "RATE_LIMITED")


def test_reset_mail_language_follows_user_locale(api_client):
    ru_user = UserFactory(locale="ru")
    request_reset(api_client, ru_user.email)
    assert "пароля" in mail.outbox[0].subject
