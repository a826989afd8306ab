"""SECURITY 48 (issue 22, finding 3): admin sign-in has the API's limits — 10 failures per
account, 30 attempts per IP a minute — in the SAME counters as POST /api/v1/auth/signin, then
429 with a lockout page; failures and lockouts are logged. The real login form is posted with
its CSRF token (the test client enforces CSRF like a browser)."""

import logging
import re

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Wrong-Password-1"


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True, email="root@example.com")


def admin_signin(client: Client, email: str, password: str):
    """GET the login page, then POST its form with the CSRF token it carries."""
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": email, "password": password, "next": "/admin/"},
    )


def api_signin(email: str, password: str):
    return Client().post("/api/v1/auth/signin", {"email": email, "password": password}, content_type="application/json")


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_form_signs_a_staff_member_in(staff):
    client = Client(enforce_csrf_checks=True)
    response = admin_signin(client, staff.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)


def test_the_eleventh_attempt_is_429_even_with_the_right_password(staff, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.INFO, logger="apps.backoffice.signin"):
        for _ in range(10):
            response = admin_signin(client, staff.email, WRONG)
            assert response.status_code == 200 and b"errornote" in response.content
        locked = admin_signin(client, staff.email, PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert b'id="signin-locked"' in locked.content
    assert not signed_in(client)
    messages = [record.getMessage() for record in caplog.records]
    assert sum("failed admin signin" in message for message in messages) == 10
    assert any("admin signin rate limited" in message for message in messages)
    assert all(staff.email not in message and WRONG not in message for message in messages)


def test_failures_through_the_api_and_the_admin_share_one_counter(staff):
    for _ in range(5):
        assert api_signin(staff.email, WRONG).status_code == 401
    client = Client(enforce_csrf_checks=True)
    for _ in range(5):
        assert admin_signin(client, staff.email, WRONG).status_code == 200
    assert admin_signin(client, staff.email, PASSWORD).status_code == 429
    assert api_signin(staff.email, PASSWORD).status_code == 429


def test_the_admin_and_the_api_share_the_per_ip_limit():
    client = Client(enforce_csrf_checks=True)
    for number in range(15):
        assert api_signin(f"nobody{number}@example.com", WRONG).status_code == 401
    for number in range(15):
        assert admin_signin(client, f"someone{number}@example.com", WRONG).status_code == 200
    assert admin_signin(client, "another@example.com", WRONG).status_code == 429
    assert api_signin("another@example.com", WRONG).status_code == 429


def test_a_right_password_does_not_count_as_a_failure(staff):
    for _ in range(12):
        client = Client(enforce_csrf_checks=True)
        assert admin_signin(client, staff.email, PASSWORD).status_code == 302
    assert api_signin(staff.email, WRONG).status_code == 401  # not locked
