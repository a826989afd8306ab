"""`last_login` (shown in the admin) moves on every sign-in path, not only the admin's own."""

import datetime as dt

import pytest
import time_machine

from apps.accounts.models import User

from .conftest import signed_up_and_verified, signin
from .test_telegram import signed_init_data, telegram, webapp, webapp_fields

pytestmark = pytest.mark.django_db

SIGN_IN_AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _telegram_settings(settings):
    settings.BOT_SECRET_KEY = "new-bot-secret"
    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-bot-token"


def test_signin_sets_last_login(api_client, user):
    with time_machine.travel(SIGN_IN_AT, tick=False):
        assert signin(api_client, user.email).status_code == 200
    user.refresh_from_db()
    assert user.last_login == SIGN_IN_AT


def test_verification_code_login_sets_last_login(api_client):
    with time_machine.travel(SIGN_IN_AT, tick=False):
        signed_up_and_verified(api_client)
    assert User.objects.get().last_login == SIGN_IN_AT


def test_telegram_login_sets_last_login(api_client):
    with time_machine.travel(SIGN_IN_AT, tick=False):
        assert telegram(api_client).status_code == 200
    assert User.objects.get(telegram_id=4242).last_login == SIGN_IN_AT


def test_telegram_webapp_login_sets_last_login(api_client):
    with time_machine.travel(SIGN_IN_AT, tick=False):
        response = webapp(api_client, signed_init_data(webapp_fields()))
    assert response.status_code == 200
    assert User.objects.get(telegram_id=9001).last_login == SIGN_IN_AT


def test_failed_signin_leaves_last_login_alone(api_client, user):
    signin(api_client, user.email, "Wrong-Password-1")
    user.refresh_from_db()
    assert user.last_login is None
