import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.cache import ME_CACHE
from apps.accounts.models import Session, User
from apps.limits.models import QuotaUsage
from apps.limits.services import quota_charge
from tests.helpers import cached_answer

from .conftest import NEW_PASSWORD, PASSWORD, CommitAPIClient, assert_error, refresh, result, signed_in, signin

pytestmark = pytest.mark.django_db

USER_PUBLIC = {
    "id", "email", "first_name", "last_name", "time_zone", "date_of_birth", "gender", "life_format", "locale",
    "telegram_id", "username", "photo_url", "is_email_verified", "is_admin", "created_at", "leaderboard_visible",
}


def me(client):
    return result(client.get("/api/v1/me"))


def test_me_document_shape(auth_client):
    body = me(auth_client)
    assert set(body) == {"user", "plan", "usage", "period"}
    assert set(body["user"]) == USER_PUBLIC
    assert body["plan"] == "free"
    assert body["usage"] == {"text": {"used": 0, "limit": 5}, "image": {"used": 0, "limit": 1}}
    assert set(body["period"]) == {"start", "end"}
    assert body["user"]["created_at"].endswith("Z")


def test_me_never_shows_password_data(auth_client):
    text = auth_client.get("/api/v1/me").content.decode()
    assert "password" not in text and auth_client.user.password not in text


def test_me_is_cached_in_its_answer_cache(auth_client):
    body = me(auth_client)
    assert cached_answer(ME_CACHE, auth_client.user.pk) == body


def test_profile_change_drops_the_cache(auth_client):
    me(auth_client)
    result(auth_client.put("/api/v1/me", {"first_name": "Maria"}, format="json"))
    assert me(auth_client)["user"]["first_name"] == "Maria"


def test_put_me_is_partial_and_returns_document(auth_client):
    body = result(auth_client.put("/api/v1/me", {"time_zone": "Asia/Tokyo", "locale": "ru"}, format="json"))
    assert body["user"]["time_zone"] == "Asia/Tokyo" and body["user"]["first_name"] == "Anna"
    user = User.objects.get(pk=auth_client.user.pk)
    assert (user.time_zone, user.locale, user.first_name) == ("Asia/Tokyo", "ru", "Anna")


def test_put_me_clears_date_of_birth_with_null(auth_client):
    result(auth_client.put("/api/v1/me", {"date_of_birth": "1990-05-17"}, format="json"))
    assert result(auth_client.put("/api/v1/me", {"date_of_birth": None}, format="json"))["user"]["date_of_birth"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Nowhere/Land"), ("date_of_birth", (dt.date.today() + dt.timedelta(days=3)).isoformat()),
     ("gender", "x"), ("locale", "fr"), ("first_name", "a\x00b")],
)
def test_put_me_invalid_value_is_422(auth_client, field, value):
    error = assert_error(auth_client.put("/api/v1/me", {field: value}, format="json"), 422, "VALIDATION_ERROR")
    assert field in error["fields"]


def test_put_me_ignores_email_and_plan(auth_client):
    result(auth_client.put("/api/v1/me", {"email": "evil@example.com", "plan": "pro"}, format="json"))
    user = User.objects.get(pk=auth_client.user.pk)
    assert (user.email, user.plan) == (auth_client.user.email, "free")


def test_quota_charge_drops_the_cache(auth_client):
    me(auth_client)
    quota_charge(user=auth_client.user, resource="text", key="task-1")
    assert me(auth_client)["usage"]["text"]["used"] == 1


def test_set_plan_command_changes_plan_and_drops_the_cache(auth_client):
    me(auth_client)
    call_command("set_plan", auth_client.user.email.upper(), "pro")
    body = me(auth_client)
    assert body["plan"] == "pro" and body["usage"]["text"]["limit"] == 100


def test_set_plan_command_unknown_email_fails(db):
    with pytest.raises(CommandError):
        call_command("set_plan", "ghost@example.com", "pro")


def test_password_change_drops_the_cache_and_revokes_sessions(user):
    client = signed_in(user)
    other_device = signed_in(user, "Phone")
    client.get("/api/v1/me")
    response = client.put(
        "/api/v1/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert result(response) == {"success": True}
    assert cached_answer(ME_CACHE, user.pk) is None
    assert_error(client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    assert_error(other_device.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")
    assert_error(refresh(CommitAPIClient(), other_device.tokens["refresh_token"]), 401, "AUTH_SESSION_REVOKED")
    api = CommitAPIClient()
    assert_error(signin(api, user.email, PASSWORD), 401, "AUTH_INVALID_CREDENTIALS")
    result(signin(api, user.email, NEW_PASSWORD))


def test_password_change_with_wrong_current_is_invalid_password(auth_client):
    response = auth_client.put(
        "/api/v1/me/password", {"current_password": "Wrong-Pass-1", "new_password": NEW_PASSWORD}, format="json"
    )
    assert_error(response, 400, "AUTH_INVALID_PASSWORD")
    result(auth_client.get("/api/v1/me"))


def test_password_change_to_weak_password_is_422(auth_client):
    response = auth_client.put(
        "/api/v1/me/password", {"current_password": PASSWORD, "new_password": "12345678"}, format="json"
    )
    assert "password" in assert_error(response, 422, "VALIDATION_ERROR")["fields"]


def test_export_contains_user_sessions_and_quotas_without_jti(auth_client):
    quota_charge(user=auth_client.user, resource="text", key="task-export")
    response = auth_client.get("/api/v1/me/export")
    body = result(response)
    assert body["user"]["email"] == auth_client.user.email
    assert len(body["sessions"]) == 1 and "refresh_jti" not in body["sessions"][0]
    assert Session.objects.get().refresh_jti not in response.content.decode()
    assert body["quotas"]["usage"][0]["used"] == 1
    assert "password" not in response.content.decode()


def test_export_shows_only_own_data(auth_client, other_client):
    body = result(auth_client.get("/api/v1/me/export"))
    assert {s["id"] for s in body["sessions"]} == {str(Session.objects.get(user=auth_client.user).pk)}


def test_delete_me_removes_account_rows_and_files(settings, auth_client):
    user_id = auth_client.user.pk
    quota_charge(user=auth_client.user, resource="text", key="task-del")
    folder = settings.MEDIA_ROOT / str(user_id) / "future_story_generated_images"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"png")
    keep = settings.MEDIA_ROOT / "someone-else"
    keep.mkdir()
    response = auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json")
    assert result(response) == {"success": True}
    assert not User.objects.filter(pk=user_id).exists()
    assert not Session.objects.filter(user_id=user_id).exists()
    assert not QuotaUsage.objects.filter(user_id=user_id).exists()
    assert not (settings.MEDIA_ROOT / str(user_id)).exists()
    assert keep.exists()


def test_delete_me_with_wrong_password_is_invalid_password(auth_client):
    assert_error(auth_client.delete("/api/v1/me", {"password": "nope-nope-1"}, format="json"), 400, "AUTH_INVALID_PASSWORD")
    assert User.objects.filter(pk=auth_client.user.pk).exists()


def test_delete_me_password_user_cannot_use_confirm(auth_client):
    assert_error(auth_client.delete("/api/v1/me", {"confirm": "DELETE"}, format="json"), 400, "AUTH_INVALID_PASSWORD")


def test_delete_me_telegram_user_with_confirm(db):
    user = User.objects.create_user(email=None, telegram_id=777, is_active=True)
    client = signed_in(user)
    assert_error(client.delete("/api/v1/me", {"confirm": "yes"}, format="json"), 400, "AUTH_INVALID_PASSWORD")
    result(client.delete("/api/v1/me", {"confirm": "DELETE"}, format="json"))
    assert not User.objects.filter(pk=user.pk).exists()


def test_deleted_users_token_fails(auth_client):
    result(auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert_error(auth_client.get("/api/v1/me"), 401, "AUTH_SESSION_REVOKED")


def test_me_error_messages_follow_user_locale(user):
    user.locale = "ru"
    user.save()
    client = signed_in(user)
    response = client.put("/api/v1/me/password", {"current_password": "x-wrong-1", "new_password": NEW_PASSWORD}, format="json")
    assert assert_error(response, 400, "AUTH_INVALID_PASSWORD")["message"] == "Неверный пароль."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "/api/v1/me", {"first_name": "a\x00"}),
        ("put", "/api/v1/me", {"last_name": "x" * 101}),
        ("put", "/api/v1/me", {"life_format": "a\x00b"}),
        ("put", "/api/v1/me", {"life_format": "x" * 65}),
        ("put", "/api/v1/me", {"time_zone": "Europe/Mos\x00cow"}),
        ("put", "/api/v1/me", {"time_zone": "x" * 10_000}),
        ("put", "/api/v1/me", {"date_of_birth": "1990-01-01\x00"}),
        ("put", "/api/v1/me", {"date_of_birth": "9" * 5000}),
        ("put", "/api/v1/me", {"gender": "\x00"}),
        ("put", "/api/v1/me", {"locale": "e\x00"}),
        ("put", "/api/v1/me", ["not", "an", "object"]),
        ("put", "/api/v1/me/password", {"current_password": "a\x00", "new_password": NEW_PASSWORD}),
        ("put", "/api/v1/me/password", {"current_password": PASSWORD, "new_password": "x" * 5000}),
        ("delete", "/api/v1/me", {"password": "a\x00"}),
        ("delete", "/api/v1/me", {"confirm": "DELETE\x00"}),
        ("delete", "/api/v1/auth/sessions/%00", None),
        ("delete", "/api/v1/auth/sessions/" + "9" * 2000, None),
    ],
)
def test_nul_bytes_and_oversized_values_on_authenticated_endpoints_are_4xx(auth_client, method, path, body):
    response = getattr(auth_client, method)(path, body, format="json")
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["ok"] is False
    user = User.objects.get(pk=auth_client.user.pk)
    assert (user.first_name, user.time_zone) == ("Anna", "UTC")
    assert user.check_password(PASSWORD)


def test_telegram_profile_update_drops_the_cache(settings):
    settings.BOT_SECRET_KEY = "bot-secret"
    api = CommitAPIClient()
    body = result(api.post("/api/v1/auth/telegram", {"telegram_id": 31337, "username": "old"}, format="json",
                           HTTP_X_BOT_SECRET="bot-secret"))
    client = CommitAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me(client)["user"]["username"] == "old"
    result(api.post("/api/v1/auth/telegram", {"telegram_id": 31337, "username": "new"}, format="json",
                    HTTP_X_BOT_SECRET="bot-secret"))
    assert me(client)["user"]["username"] == "new"
