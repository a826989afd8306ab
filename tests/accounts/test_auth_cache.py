"""The cached session check (apps/accounts/cache.py): a warm check costs no query, and every
path that ends a session, changes or deactivates or deletes the user refuses the very next
request of a session whose check was cached."""

import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts.authentication import JWTSessionAuthentication
from apps.accounts.cache import auth_cache_fill, auth_generation_key, auth_session_key, auth_user_key
from apps.accounts.models import Session
from apps.accounts.services import session_revoke
from apps.accounts.tokens import token_decode
from tests.accounts.factories import UserFactory

from .conftest import (
    NEW_PASSWORD,
    PASSWORD,
    CommitAPIClient,
    assert_error,
    bearer,
    mailed_reset_token,
    refresh,
    result,
    signed_in,
)

pytestmark = pytest.mark.django_db


def cached(client):
    """Two reads: the second runs on the cached session check (no query at all)."""
    result(client.get("/api/v1/me"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result(client.get("/api/v1/me"))
    assert len(queries) == 0, [q["sql"] for q in queries]
    return client


def session_of(client) -> Session:
    return Session.objects.get(pk=token_decode(client.tokens["access_token"], expected_type="access")["session_id"])


@pytest.fixture
def admin_web():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="root@example.com"))
    return client


def test_cached_check_holds_no_password_hash_and_no_daily_tip(user):
    client = cached(signed_in(user))
    _generation, _stamp, values = cache.get(auth_user_key(user.pk))
    assert user.password not in values and user.daily_tip_cache not in values
    assert cache.get(auth_session_key(session_of(client).pk))[0] == str(user.pk)


def test_cached_user_loads_its_password_on_demand(user):
    """PUT /me/password on a cached check still verifies the current password."""
    client = cached(signed_in(user))
    response = client.put("/api/v1/me/password", {"current_password": "Wrong-Pass-1", "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code >= 400 and response.json()["error"]["code"] == "AUTH_INVALID_PASSWORD"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logout(user):
    client = cached(signed_in(user))
    result(client.post("/api/v1/auth/logout"))
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_logout_all(user):
    phone, laptop = cached(signed_in(user, "Phone")), cached(signed_in(user, "Laptop"))
    result(laptop.post("/api/v1/auth/logout-all"))
    assert_error(phone.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    assert_error(laptop.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_session_delete(user):
    phone, laptop = cached(signed_in(user, "Phone")), cached(signed_in(user, "Laptop"))
    result(laptop.delete(f"/api/v1/auth/sessions/{session_of(phone).pk}"))
    assert_error(phone.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    result(laptop.get("/api/v1/me"))


def test_password_change(user):
    phone, laptop = cached(signed_in(user, "Phone")), cached(signed_in(user, "Laptop"))
    response = laptop.put("/api/v1/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert_error(phone.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_password_reset(user, api_client):
    client = cached(signed_in(user))
    result(api_client.post("/api/v1/auth/request-password-reset", {"email": user.email}, format="json"))
    token = mailed_reset_token()
    result(api_client.post("/api/v1/auth/reset-password", {"token": token, "new_password": NEW_PASSWORD}, format="json"))
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_refresh_token_reuse(user, api_client, settings):
    settings.REFRESH_REUSE_GRACE_SECONDS = 0  # past the grace window: a reuse revokes the session
    client = signed_in(user)
    newest = result(refresh(api_client, client.tokens["refresh_token"]))
    fresh = bearer(CommitAPIClient(), newest["access_token"])
    fresh.tokens, fresh.user = newest, user
    cached(fresh)
    assert_error(refresh(api_client, client.tokens["refresh_token"]), 401, "AUTH_REFRESH_TOKEN_REUSED")
    assert_error(fresh.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_delete_me(user):
    phone, laptop = cached(signed_in(user, "Phone")), cached(signed_in(user, "Laptop"))
    result(laptop.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert_error(phone.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_deactivation(admin_web, user):
    client = cached(signed_in(user))
    from .test_admin import _change_form_data

    data = _change_form_data(user)
    del data["is_active"]
    assert admin_web.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    assert_error(client.get("/api/v1/me"), 403, "AUTH_USER_INACTIVE")


def test_admin_user_delete(admin_web, user):
    client = cached(signed_in(user))
    response = admin_web.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_bulk_user_delete(admin_web, user):
    client = cached(signed_in(user))
    response = admin_web.post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [str(user.pk)], "post": "yes"}
    )
    assert response.status_code == 302, response.content
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_revoke_all_sessions_action(admin_web, user):
    client = cached(signed_in(user))
    admin_web.post("/admin/accounts/user/", {"action": "revoke_all_sessions", "_selected_action": [str(user.pk)]})
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_session_revoke_action(admin_web, user):
    client = cached(signed_in(user))
    admin_web.post("/admin/accounts/session/", {"action": "revoke", "_selected_action": [str(session_of(client).pk)]})
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_session_delete(admin_web, user):
    client = cached(signed_in(user))
    session = session_of(client)
    assert admin_web.post(f"/admin/accounts/session/{session.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_bulk_session_delete(admin_web, user):
    client = cached(signed_in(user))
    admin_web.post(
        "/admin/accounts/session/",
        {"action": "delete_selected", "_selected_action": [str(session_of(client).pk)], "post": "yes"},
    )
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_admin_inline_session_revoke(admin_web, user):
    client = cached(signed_in(user))
    session_id = session_of(client).pk
    from .test_admin import _change_form_data

    data = _change_form_data(
        user,
        **{"sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session_id),
           "sessions-0-user": str(user.pk), "sessions-0-revoke": "on"},
    )
    assert admin_web.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_a_check_read_before_the_revocation_cannot_be_cached_after_it(user):
    """A request that checked the database just before a logout committed and fills the cache
    just after it must not put the live state back (fills never replace the tombstone)."""
    client = signed_in(user)
    session = Session.objects.select_related("user").get(user=user)  # the racing reader's read
    session_revoke(user=user, session_id=str(session.pk))
    auth_cache_fill(session=session, user=session.user, generation=None)  # ... and its late fill
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_a_user_read_before_a_deactivation_cannot_be_cached_after_it(user):
    client = cached(signed_in(user))
    generation = cache.get(auth_generation_key(user.pk))  # the racing reader's MGET ...
    session = Session.objects.select_related("user").get(user=user)  # ... and database check
    user.is_active = False
    user.save()
    auth_cache_fill(session=session, user=session.user, generation=generation)  # its late fill
    assert_error(client.get("/api/v1/me"), 403, "AUTH_USER_INACTIVE")


def test_a_profile_change_is_cached_again_on_the_next_request(user, django_assert_num_queries):
    client = cached(signed_in(user))
    result(client.put("/api/v1/me", {"first_name": "Vera"}, format="json"))
    with django_assert_num_queries(2):  # the session check and the /me document, cached again
        assert result(client.get("/api/v1/me"))["user"]["first_name"] == "Vera"
    with django_assert_num_queries(0):
        result(client.get("/api/v1/me"))


def test_deactivation_outside_services_is_refused_once_the_entry_expires(user, settings):
    """A write that bypasses the services (a shell) is seen after AUTH_CACHE_SECONDS at most;
    with the cache off it is seen at once."""
    settings.AUTH_CACHE_SECONDS = 0
    client = signed_in(user)
    result(client.get("/api/v1/me"))
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert_error(client.get("/api/v1/me"), 403, "AUTH_USER_INACTIVE")


def test_a_user_saved_outside_the_services_is_checked_again(user):
    client = cached(signed_in(user))
    user.is_active = False
    user.save()
    assert_error(client.get("/api/v1/me"), 403, "AUTH_USER_INACTIVE")


def test_session_check_still_runs_on_a_miss(user):
    client = signed_in(user)
    session = session_of(client)
    JWTSessionAuthentication.session_check(session_id=session.pk, user_id=user.pk)
    Session.objects.filter(pk=session.pk).update(revoked_at=session.created_at)
    cache.delete(auth_session_key(session.pk))
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_a_token_verified_before_is_still_refused_once_expired(user):
    import datetime as dt

    import time_machine

    client = cached(signed_in(user))
    with time_machine.travel(dt.timedelta(minutes=16)):
        assert_error(client.get("/api/v1/me"), 401, "AUTH_TOKEN_EXPIRED")


def test_a_tampered_copy_of_a_verified_token_is_refused(user):
    client = cached(signed_in(user))
    token = client.tokens["access_token"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert_error(bearer(CommitAPIClient(), tampered).get("/api/v1/me"), 401, "AUTH_INVALID_TOKEN")
