"""SECURITY.md 3–10: sessions, logout, rotation, reuse, parallel refresh, expiry."""

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.db import connection

from apps.accounts.models import Session
from tests.accounts.factories import UserFactory
from tests.conftest import postgres_only

from .conftest import CommitAPIClient, assert_error, bearer, refresh, result, signed_in, signin

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def sessions(client):
    return result(client.get("/api/v1/auth/sessions"))["sessions"]


def test_each_signin_is_a_session_with_user_agent_and_ip(api_client, user):
    signin(api_client, user.email, HTTP_USER_AGENT="Phone/1.0", REMOTE_ADDR="10.1.2.3")
    session = Session.objects.get(user=user)
    assert (session.user_agent, session.ip) == ("Phone/1.0", "10.1.2.3")


def test_sessions_list_has_exactly_one_current_newest_use_first(user):
    with time_machine.travel(T0, tick=False) as traveller:
        signed_in(user, "Laptop")
        traveller.shift(dt.timedelta(minutes=1))
        phone = signed_in(user, "Phone")
        traveller.shift(dt.timedelta(minutes=1))
        signed_in(user, "Tablet")
        listed = sessions(phone)
    assert [s["user_agent"] for s in listed] == ["Tablet", "Phone", "Laptop"]
    assert [s["is_current"] for s in listed] == [False, True, False]
    assert set(listed[0]) == {"id", "user_agent", "ip", "created_at", "last_used_at", "expires_at", "is_current"}


def test_refresh_moves_session_to_the_top(user):
    with time_machine.travel(T0, tick=False) as traveller:
        laptop = signed_in(user, "Laptop")
        traveller.shift(dt.timedelta(minutes=1))
        phone = signed_in(user, "Phone")
        traveller.shift(dt.timedelta(minutes=1))
        result(refresh(CommitAPIClient(), laptop.tokens["refresh_token"]))
        assert [s["user_agent"] for s in sessions(phone)] == ["Laptop", "Phone"]


def test_sessions_list_shows_only_own_sessions(auth_client, other_client):
    assert [s["id"] for s in sessions(auth_client)] == [str(Session.objects.get(user=auth_client.user).pk)]


def test_revoking_another_users_session_is_not_found(auth_client, other_client):
    other_id = Session.objects.get(user=other_client.user).pk
    assert_error(auth_client.delete(f"/api/v1/auth/sessions/{other_id}"), 404, "AUTH_SESSION_NOT_FOUND")
    assert Session.objects.get(pk=other_id).revoked_at is None


@pytest.mark.parametrize("session_id", ["not-a-uuid", str(uuid.uuid4()), "1" * 300])
def test_revoking_unknown_or_malformed_session_id_is_not_found(auth_client, session_id):
    assert_error(auth_client.delete(f"/api/v1/auth/sessions/{session_id}"), 404, "AUTH_SESSION_NOT_FOUND")


def test_revoked_session_access_token_fails_on_next_request(user):
    phone = signed_in(user, "Phone")
    laptop = signed_in(user, "Laptop")
    phone_id = Session.objects.get(user_agent="Phone").pk
    assert result(laptop.delete(f"/api/v1/auth/sessions/{phone_id}")) == {"success": True}
    assert_error(phone.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    result(laptop.get("/api/v1/me"))


def test_logout_kills_access_and_refresh_token(auth_client, api_client):
    assert result(auth_client.post("/api/v1/auth/logout")) == {"success": True}
    assert_error(auth_client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_SESSION_REVOKED")


def test_logout_all_kills_all_five_sessions(user, api_client):
    clients = [signed_in(user, f"device {i}") for i in range(5)]
    result(clients[0].post("/api/v1/auth/logout-all"))
    for client in clients:
        assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
        assert_error(refresh(api_client, client.tokens["refresh_token"]), 401, "AUTH_SESSION_REVOKED")
    tokens = result(signin(api_client, user.email))["tokens"]
    assert len(sessions(bearer(api_client, tokens["access_token"]))) == 1


def test_logout_all_leaves_other_users_alone(auth_client, other_client):
    result(auth_client.post("/api/v1/auth/logout-all"))
    result(other_client.get("/api/v1/me"))


def test_refresh_returns_a_new_working_pair(auth_client, api_client):
    pair = result(refresh(api_client, auth_client.tokens["refresh_token"]))
    assert set(pair) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert pair["refresh_token"] != auth_client.tokens["refresh_token"]
    result(bearer(CommitAPIClient(), pair["access_token"]).get("/api/v1/me"))
    result(refresh(api_client, pair["refresh_token"]))


def test_reused_refresh_token_revokes_session(auth_client, api_client, settings):
    settings.REFRESH_REUSE_GRACE_SECONDS = 0  # a replay, not a parallel refresh
    newest = result(refresh(api_client, auth_client.tokens["refresh_token"]))
    error = assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_REFRESH_TOKEN_REUSED")
    assert error["details"] == {"session_revoked": True}
    assert_error(refresh(api_client, newest["refresh_token"]), 401, "AUTH_SESSION_REVOKED")
    assert_error(bearer(CommitAPIClient(), newest["access_token"]).get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_expired_refresh_token(auth_client, api_client):
    with time_machine.travel(dt.timedelta(days=31)):
        assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 401, "AUTH_TOKEN_EXPIRED")


def test_refresh_of_deactivated_user_is_inactive(auth_client, api_client):
    auth_client.user.is_active = False
    auth_client.user.save()
    assert_error(refresh(api_client, auth_client.tokens["refresh_token"]), 403, "AUTH_USER_INACTIVE")


def test_idle_session_ends(settings, user, api_client):
    settings.SESSION_IDLE_DAYS = 10
    with time_machine.travel(T0, tick=False) as traveller:
        client = signed_in(user)
        traveller.shift(dt.timedelta(days=9))
        pair = result(refresh(api_client, client.tokens["refresh_token"]))
        traveller.shift(dt.timedelta(days=10, minutes=1))
        assert_error(refresh(api_client, pair["refresh_token"]), 401, "AUTH_SESSION_REVOKED")
        assert Session.objects.get().revoked_at is not None


def test_default_idle_window_is_thirty_days(user, api_client):
    with time_machine.travel(T0, tick=False) as traveller:
        client = signed_in(user)
        traveller.shift(dt.timedelta(days=29, hours=23))
        pair = result(refresh(api_client, client.tokens["refresh_token"]))
        traveller.shift(dt.timedelta(days=30, minutes=1))
        response = refresh(api_client, pair["refresh_token"])
        assert response.status_code == 401


def test_session_ends_ninety_days_after_signin_even_when_used(user, api_client):
    with time_machine.travel(T0, tick=False) as traveller:
        token = signed_in(user).tokens["refresh_token"]
        for _ in range(4):  # refreshed on days 20, 40, 60, 80
            traveller.shift(dt.timedelta(days=20))
            token = result(refresh(api_client, token))["refresh_token"]
        traveller.shift(dt.timedelta(days=10, minutes=1))  # day 90 + 1 min
        assert_error(refresh(api_client, token), 401, "AUTH_SESSION_REVOKED")


def test_session_row_stores_no_token(auth_client):
    session = Session.objects.get()
    stored = " ".join(str(getattr(session, f.attname)) for f in Session._meta.concrete_fields)
    for token in (auth_client.tokens["access_token"], auth_client.tokens["refresh_token"]):
        assert token not in stored
        assert token.split(".")[2] not in stored


def test_authentication_is_one_query(auth_client, settings, django_assert_num_queries):
    settings.AUTH_CACHE_SECONDS = 0  # no cached session check: the session joined with its user
    auth_client.get("/api/v1/me")  # warm the /me cache
    with django_assert_num_queries(1):
        result(auth_client.get("/api/v1/me"))


def test_authentication_is_no_query_while_the_session_check_is_cached(auth_client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the session check (then cached), the /me document
        result(auth_client.get("/api/v1/me"))
    with django_assert_num_queries(0):
        result(auth_client.get("/api/v1/me"))


def test_session_list_is_authentication_plus_one_query(user, django_assert_num_queries):
    clients = [signed_in(user, f"device {i}") for i in range(5)]
    with django_assert_num_queries(2):  # the session joined with its user, then the list
        assert len(sessions(clients[0])) == 5


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_refreshes_give_exactly_one_success():
    user = UserFactory()
    token = signed_in(user).tokens["refresh_token"]
    barrier = threading.Barrier(20)
    statuses = []

    def worker():
        try:
            client = CommitAPIClient()
            barrier.wait()
            statuses.append(refresh(client, token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [401] * 19
