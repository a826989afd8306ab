import re

import pytest
from django.core import mail
from django.test import TestCase
from rest_framework.test import APIClient

from apps.accounts.services import session_create
from tests.accounts.factories import UserFactory

PASSWORD = "Dream-Big-2030"
NEW_PASSWORD = "Sunrise-Over-Volga-77"


class CommitAPIClient(APIClient):
    """Runs the request's on-commit callbacks (mails, cache drops) as a real commit would,
    inside pytest-django's wrapping transaction."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def signed_in(user, user_agent="pytest") -> CommitAPIClient:
    _, pair = session_create(user=user, user_agent=user_agent)
    client = CommitAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access_token']}")
    client.tokens = pair
    client.user = user
    return client


@pytest.fixture
def api_client():
    return CommitAPIClient()


@pytest.fixture
def auth_client(user):
    return signed_in(user)


@pytest.fixture
def other_client(db):
    return signed_in(UserFactory())


def error_code(response) -> str:
    return response.json()["error"]["code"]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False and body["result"] is None
    assert body["error"]["code"] == code
    assert body["error"]["http_code"] == status
    return body["error"]


def result(response, status: int = 200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is True
    return body["result"]


def mailed_code(message=None) -> str:
    message = message or mail.outbox[-1]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def mailed_reset_token(message=None) -> str:
    message = message or mail.outbox[-1]
    return re.search(r": ([A-Za-z0-9_-]{40,})", message.body).group(1)


def signup(client, email="new@example.com", password=PASSWORD, **extra):
    return client.post("/api/v1/auth/signup", {"email": email, "password": password, **extra}, format="json")


def verify(client, token, code):
    return client.post(
        "/api/v1/auth/check-email-verification-code", {"verification_token": token, "code": code}, format="json"
    )


def signin(client, email, password=PASSWORD, **kwargs):
    return client.post("/api/v1/auth/signin", {"email": email, "password": password}, format="json", **kwargs)


def refresh(client, refresh_token):
    return client.post("/api/v1/auth/refresh", {"refresh_token": refresh_token}, format="json")


def bearer(client, access_token) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


def signed_up_and_verified(client, email="new@example.com", password=PASSWORD, **extra) -> dict:
    token = result(signup(client, email, password, **extra))["verification_token"]
    return result(verify(client, token, mailed_code()))
