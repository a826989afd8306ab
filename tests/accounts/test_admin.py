import pytest
from django.test import Client

from apps.accounts.cache import ME_CACHE
from apps.accounts.models import Session, User
from apps.accounts.services import session_create
from apps.limits.services import quota_charge
from tests.accounts.factories import UserFactory
from tests.helpers import cached_answer

from .conftest import result, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_web():
    admin = UserFactory(is_staff=True, is_superuser=True, email="root@example.com")
    client = Client()
    client.force_login(admin)
    return client


def test_user_list_searches_by_email_and_telegram_id(admin_web):
    UserFactory(email="findme@example.com")
    User.objects.create_user(email=None, telegram_id=555111, is_active=True)
    assert b"findme@example.com" in admin_web.get("/admin/accounts/user/?q=findme").content
    assert b"telegram:555111" in admin_web.get("/admin/accounts/user/?q=555111").content


def test_user_list_filters_by_plan(admin_web):
    UserFactory(email="pro@example.com", plan="pro")
    UserFactory(email="free@example.com")
    content = admin_web.get("/admin/accounts/user/?plan__exact=pro").content
    assert b"pro@example.com" in content and b"free@example.com" not in content


def test_user_change_page_shows_no_password_hash(admin_web, user):
    response = admin_web.get(f"/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    content = response.content.decode()
    assert user.email in content  # the real change form, not a login page or an error
    assert user.password not in content
    assert user.password.split("$")[-1] not in content
    assert 'name="password"' not in content


@pytest.mark.parametrize(
    "page",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/?q=user",
        "/admin/accounts/user/?q=555111",
        "/admin/accounts/user/{user}/change/",
        "/admin/accounts/session/",
        "/admin/accounts/session/?q=user",
        "/admin/accounts/session/{session}/change/",
        "/admin/limits/quotausage/",
        "/admin/limits/quotausage/?q=user",
        "/admin/limits/quotausage/{usage}/change/",
        "/admin/limits/quotacharge/",
        "/admin/limits/quotacharge/?q=task",
        "/admin/limits/quotacharge/{charge}/change/",
    ],
)
def test_admin_pages_load_without_secrets(admin_web, user, page):
    from apps.limits.models import QuotaCharge, QuotaUsage

    session, pair = session_create(user=user)
    quota_charge(user=user, resource="text", key="task-admin-page")
    url = page.format(
        user=user.pk, session=session.pk, usage=QuotaUsage.objects.get().pk, charge=QuotaCharge.objects.get().pk
    )
    response = admin_web.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert "/admin/login/" not in response.get("Location", "")
    for secret in (user.password, session.refresh_jti, pair["access_token"], pair["refresh_token"]):
        assert secret not in content


def _change_form_data(user, **overrides):
    data = {
        "email": user.email, "telegram_id": "", "username": "", "plan": user.plan, "first_name": user.first_name,
        "last_name": "", "time_zone": "UTC", "date_of_birth": "", "gender": "", "life_format": "", "locale": "en",
        "photo_url": "", "is_active": "on", "is_email_verified": "on",
        "sessions-TOTAL_FORMS": "0", "sessions-INITIAL_FORMS": "0", "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_plan_change_in_admin_drops_me_cache(admin_web, user):
    client = signed_in(user)
    session_id = Session.objects.get(user=user).pk
    result(client.get("/api/v1/me"))
    data = _change_form_data(
        user, plan="pro", **{"sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session_id), "sessions-0-user": str(user.pk)}
    )
    response = admin_web.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert cached_answer(ME_CACHE, user.pk) is None
    assert result(client.get("/api/v1/me"))["plan"] == "pro"


def test_active_session_inline_revoke(admin_web, user):
    client = signed_in(user)
    session_id = Session.objects.get(user=user).pk
    data = _change_form_data(
        user,
        **{"sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "1", "sessions-0-id": str(session_id),
           "sessions-0-user": str(user.pk), "sessions-0-revoke": "on"},
    )
    response = admin_web.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert Session.objects.get(pk=session_id).revoked_at is not None
    assert client.get("/api/v1/me").status_code == 401


def test_revoke_all_sessions_action(admin_web, user):
    session_create(user=user)
    session_create(user=user)
    admin_web.post("/admin/accounts/user/", {"action": "revoke_all_sessions", "_selected_action": [str(user.pk)]})
    assert not Session.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_sessions_admin_revoke_action_and_no_jti(admin_web, user):
    session, _ = session_create(user=user)
    page = admin_web.get(f"/admin/accounts/session/{session.pk}/change/").content.decode()
    assert session.refresh_jti not in page
    admin_web.post("/admin/accounts/session/", {"action": "revoke", "_selected_action": [str(session.pk)]})
    session.refresh_from_db()
    assert session.revoked_at is not None


def test_quota_usage_admin_is_read_only(admin_web, user):
    quota_charge(user=user, resource="text", key="admin-1")
    assert admin_web.get("/admin/limits/quotausage/").status_code == 200
    assert admin_web.get("/admin/limits/quotausage/add/").status_code == 403
    from apps.limits.models import QuotaUsage

    row = QuotaUsage.objects.get()
    response = admin_web.post(f"/admin/limits/quotausage/{row.pk}/change/", {"used": "0"})
    assert response.status_code == 403 or QuotaUsage.objects.get().used == 1
    assert QuotaUsage.objects.get().used == 1


def test_email_edited_in_admin_is_stored_lowercase(admin_web, user):
    from .conftest import CommitAPIClient, signin

    response = admin_web.post(f"/admin/accounts/user/{user.pk}/change/", _change_form_data(user, email=" Mixed.Case@Example.COM "))
    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.email == "mixed.case@example.com"
    result(signin(CommitAPIClient(), "Mixed.Case@example.com"))
