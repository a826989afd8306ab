"""Issue 13 hardening of accounts: signup takes only profile fields."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from apps.accounts import services
from apps.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, postgres_only

from .conftest import CommitAPIClient, assert_error, bearer, refresh, result, signed_in


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "plan", "is_email_verified", "telegram_id"])
def test_signup_refuses_fields_that_are_not_profile_fields(field):
    with pytest.raises(TypeError):
        services.user_signup(email="new@example.com", password=PASSWORD, **{field: "pro" if field == "plan" else True})
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_signup_sets_the_profile_fields():
    user, _ = services.user_signup(email="new@example.com", password=PASSWORD, first_name="Vera", locale="en")
    assert (user.first_name, user.locale, user.is_staff) == ("Vera", "en", False)


# --- Parallel refreshes: a short grace window for the exact token just rotated ----------------


def test_refresh_token_presented_again_within_the_grace_window_keeps_the_session(auth_client, api_client):
    newest = result(refresh(api_client, auth_client.tokens["refresh_token"]))
    error = assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_REFRESH_TOKEN_REUSED")
    assert error["details"] == {"session_revoked": False}
    result(bearer(CommitAPIClient(), newest["access_token"]).get("/api/v1/me"))
    result(refresh(api_client, newest["refresh_token"]))


def test_an_older_refresh_token_revokes_the_session_even_within_the_grace_window(auth_client, api_client):
    first = auth_client.tokens["refresh_token"]
    second = result(refresh(api_client, first))
    third = result(refresh(api_client, second["refresh_token"]))
    assert_error(refresh(api_client, first), 401, "AUTH_REFRESH_TOKEN_REUSED")
    assert_error(refresh(api_client, third["refresh_token"]), 401, "AUTH_SESSION_REVOKED")


def test_refresh_token_presented_after_the_grace_window_revokes_the_session(auth_client, api_client):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        newest = result(refresh(api_client, auth_client.tokens["refresh_token"]))
        traveller.shift(dt.timedelta(seconds=11))
        assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_REFRESH_TOKEN_REUSED")
        assert_error(refresh(api_client, newest["refresh_token"]), 401, "AUTH_SESSION_REVOKED")


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_leave_the_winners_pair_alive():
    token = signed_in(UserFactory()).tokens["refresh_token"]
    barrier = threading.Barrier(20)
    responses = []

    def worker():
        try:
            client = CommitAPIClient()
            barrier.wait()
            responses.append(refresh(client, token))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in responses if r.status_code == 200]
    losers = [r.json()["error"] for r in responses if r.status_code != 200]
    assert len(winners) == 1
    assert [(e["code"], e["details"]) for e in losers] == [("AUTH_REFRESH_TOKEN_REUSED", {"session_revoked": False})] * 19
    pair = winners[0].json()["result"]
    result(bearer(CommitAPIClient(), pair["access_token"]).get("/api/v1/me"))
    result(refresh(CommitAPIClient(), pair["refresh_token"]))
