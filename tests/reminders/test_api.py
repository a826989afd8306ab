"""GET/PUT /me/reminders, the history, one-click unsubscribe."""

from datetime import date

import pytest
from django.utils import timezone

from apps.reminders.models import ReminderDelivery, ReminderSchedule
from apps.reminders.tokens import unsubscribe_token
from tests.accounts.factories import UserFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def body(response):
    return response.json()["result"]


def test_defaults_for_a_telegram_user(api_client):
    user = UserFactory(telegram_id=5001)
    response = client_for(user).get("/api/v1/me/reminders")
    assert response.status_code == 200
    assert body(response) == {
        "morning": {"enabled": True, "time": "08:00"},
        "evening": {"enabled": True, "time": "21:00"},
        "weekly_review": {"enabled": True, "weekday": 7, "time": "19:00"},
        "channels": {"telegram": True, "email": False},
        "quiet_hours": None,
        "paused_kinds": [],
    }
    # and the schedule exists from signup: every kind due at its next local time
    assert ReminderSchedule.objects.filter(user=user, next_fire_at__isnull=False).count() == 3


def test_a_user_without_telegram_has_no_channel_and_nothing_scheduled(auth_client):
    assert body(auth_client.get("/api/v1/me/reminders"))["channels"] == {"telegram": False, "email": False}
    assert not ReminderSchedule.objects.filter(user=auth_client.user, next_fire_at__isnull=False).exists()


def test_partial_put_changes_only_what_is_sent(auth_client):
    response = auth_client.put(
        "/api/v1/me/reminders",
        {"morning": {"time": "07:15"}, "channels": {"email": True}, "quiet_hours": {"start": "22:00", "end": "07:00"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    result = body(response)
    assert result["morning"] == {"enabled": True, "time": "07:15"}
    assert result["evening"] == {"enabled": True, "time": "21:00"}
    assert result["channels"] == {"telegram": False, "email": True}
    assert result["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert body(auth_client.get("/api/v1/me/reminders")) == result
    # email now reaches the user: the morning is scheduled at 07:15 local (UTC here)
    morning = ReminderSchedule.objects.get(user=auth_client.user, kind="morning")
    assert morning.next_fire_at > timezone.now()
    assert (morning.next_fire_at.hour, morning.next_fire_at.minute) == (7, 15)
    result = body(auth_client.put("/api/v1/me/reminders", {"quiet_hours": None}, format="json"))
    assert result["quiet_hours"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"morning": {"time": "25:00"}}, "morning.time"),
        ({"morning": {"time": "8:00"}}, "morning.time"),
        ({"evening": {"time": 800}}, "evening.time"),
        ({"weekly_review": {"weekday": 8}}, "weekly_review.weekday"),
        ({"weekly_review": {"weekday": 0}}, "weekly_review.weekday"),
        ({"weekly_review": {"weekday": "3"}}, "weekly_review.weekday"),
        ({"morning": {"enabled": "yes"}}, "morning.enabled"),
        ({"quiet_hours": {"start": "22:00"}}, "quiet_hours.end"),
    ],
)
def test_bad_values_are_422_with_the_field_and_change_nothing(auth_client, payload, field):
    before = body(auth_client.get("/api/v1/me/reminders"))
    response = auth_client.put("/api/v1/me/reminders", payload, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["fields"]
    assert body(auth_client.get("/api/v1/me/reminders")) == before


def test_email_needs_a_verified_address(db):
    client = client_for(UserFactory(is_email_verified=False))
    response = client.put("/api/v1/me/reminders", {"channels": {"email": True}}, format="json")
    assert response.status_code == 422
    assert "channels.email" in response.json()["error"]["fields"]
    assert body(client.get("/api/v1/me/reminders"))["channels"]["email"] is False


def test_telegram_needs_a_telegram_account(auth_client):
    response = auth_client.put("/api/v1/me/reminders", {"channels": {"telegram": True}}, format="json")
    assert response.status_code == 422
    assert "channels.telegram" in response.json()["error"]["fields"]


def test_needs_authentication(api_client):
    response = api_client.get("/api/v1/me/reminders")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTH_NOT_AUTHENTICATED"


def test_history_is_paginated_newest_first_and_shows_only_finished(auth_client, other_client):
    user = auth_client.user
    for day in range(1, 26):
        ReminderDelivery.objects.create(
            user=user, kind="morning", local_date=date(2026, 5, day), fire_at=timezone.now(), status="skipped",
            reason="entry_exists",
        )
    ReminderDelivery.objects.create(user=user, kind="evening", local_date=date(2026, 5, 25), fire_at=timezone.now())
    ReminderDelivery.objects.create(
        user=other_client.user, kind="morning", local_date=date(2026, 5, 1), fire_at=timezone.now(), status="sent"
    )
    response = auth_client.get("/api/v1/me/reminders/history?page=2&page_size=20")
    assert response.status_code == 200
    payload = response.json()
    assert payload["meta"]["pagination"] == {
        "page": 2, "page_size": 20, "total": 25, "total_pages": 2, "has_next": False, "has_prev": True
    }
    items = payload["result"]["items"]
    assert [item["local_date"] for item in items] == [f"2026-05-0{d}" for d in range(5, 0, -1)]
    assert items[0] == {
        "kind": "morning", "channel": None, "local_date": "2026-05-05", "status": "skipped", "reason": "entry_exists",
        "sent_at": None,
    }
    first = auth_client.get("/api/v1/me/reminders/history").json()["result"]["items"]
    assert first[0]["local_date"] == "2026-05-25" and first[0]["kind"] == "morning"  # the pending evening is not history
    assert auth_client.get("/api/v1/me/reminders/history?page_size=101").status_code == 422


def test_unsubscribe_with_the_signed_token_turns_email_off(api_client, auth_client):
    auth_client.put("/api/v1/me/reminders", {"channels": {"email": True}}, format="json")
    token = unsubscribe_token(auth_client.user)
    response = api_client.post("/api/v1/reminders/unsubscribe", {"token": token}, format="json")
    assert response.status_code == 200
    assert body(response) == {"success": True}
    assert body(auth_client.get("/api/v1/me/reminders"))["channels"]["email"] is False


def test_one_click_unsubscribe_as_mail_clients_send_it(api_client, auth_client):
    """RFC 8058: a form-encoded `List-Unsubscribe=One-Click` POST to the link (token in the query)."""
    auth_client.put("/api/v1/me/reminders", {"channels": {"email": True}}, format="json")
    from urllib.parse import quote

    url = f"/api/v1/reminders/unsubscribe?token={quote(unsubscribe_token(auth_client.user))}"
    response = api_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    assert body(auth_client.get("/api/v1/me/reminders"))["channels"]["email"] is False


@pytest.mark.parametrize("token", ["garbage", "", None])
def test_a_bad_token_changes_nothing(api_client, auth_client, token):
    auth_client.put("/api/v1/me/reminders", {"channels": {"email": True}}, format="json")
    response = api_client.post("/api/v1/reminders/unsubscribe", {} if token is None else {"token": token}, format="json")
    assert response.status_code in (400, 422)
    assert response.json()["ok"] is False
    assert body(auth_client.get("/api/v1/me/reminders"))["channels"]["email"] is True


def test_export_has_the_reminders(auth_client):
    result = body(auth_client.get("/api/v1/me/export"))
    assert result["reminders"]["settings"]["morning"]["time"] == "08:00"
    assert result["reminders"]["deliveries"] == []
