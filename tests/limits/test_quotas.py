"""SECURITY.md 20, 21 and API.md section 4."""

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from apps.limits.errors import QuotaExceeded
from apps.limits.export import quota_export
from apps.limits.models import QuotaCharge, QuotaUsage
from apps.limits.services import quota_charge, quota_check, quota_period, quota_usage, quota_used
from tests.accounts.conftest import assert_error, result
from tests.accounts.factories import UserFactory
from tests.conftest import postgres_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai_urls(settings):
    settings.ROOT_URLCONF = "tests.limits.urls"


def ai_call(client, task_id=None):
    return client.post("/api/v1/_test/ai-text", {"task_id": task_id or str(uuid.uuid4())}, format="json")


def test_free_text_limit_five_then_quota_exceeded(ai_urls, auth_client):
    for _ in range(5):
        result(ai_call(auth_client))
    error = assert_error(ai_call(auth_client), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}


def test_pro_limits_apply_after_plan_change(ai_urls, auth_client):
    for _ in range(5):
        result(ai_call(auth_client))
    call_command("set_plan", auth_client.user.email, "pro")
    result(ai_call(auth_client))
    me = result(auth_client.get("/api/v1/me"))
    assert me["plan"] == "pro" and me["usage"]["text"] == {"used": 6, "limit": 100}


def test_free_image_limit_is_one(user):
    quota_charge(user=user, resource="image", key="img-1")
    with pytest.raises(QuotaExceeded) as exc:
        quota_check(user=user, resource="image")
    assert exc.value.details == {"resource": "image", "used": 1, "limit": 1}


def test_same_key_is_charged_once(user):
    assert quota_charge(user=user, resource="text", key="task-1") is True
    assert quota_charge(user=user, resource="text", key="task-1") is False
    assert quota_used(user=user, resource="text") == 1


def test_same_task_id_through_the_endpoint_is_charged_once(ai_urls, auth_client):
    result(ai_call(auth_client, "task-x"))
    result(ai_call(auth_client, "task-x"))
    assert quota_used(user=auth_client.user, resource="text") == 1


def test_failed_work_charges_nothing(user):
    with pytest.raises(RuntimeError), transaction.atomic():
        quota_charge(user=user, resource="text", key="task-fail")
        raise RuntimeError("AI output invalid")
    assert quota_used(user=user, resource="text") == 0
    assert not QuotaCharge.objects.exists()


def test_charge_beyond_limit_raises_and_records_nothing(user):
    for i in range(5):
        quota_charge(user=user, resource="text", key=f"t{i}")
    with pytest.raises(QuotaExceeded):
        quota_charge(user=user, resource="text", key="t-over")
    assert QuotaCharge.objects.count() == 5


def test_quota_usage_reports_both_resources(user):
    quota_charge(user=user, resource="text", key="t")
    assert quota_usage(user=user) == {"text": {"used": 1, "limit": 5}, "image": {"used": 0, "limit": 1}}


def test_usage_starts_over_next_calendar_month(user):
    with time_machine.travel(dt.datetime(2026, 1, 31, 23, 59, tzinfo=dt.UTC), tick=False) as traveller:
        for i in range(5):
            quota_charge(user=user, resource="text", key=f"jan{i}")
        traveller.move_to(dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC))
        quota_check(user=user, resource="text")
        assert quota_period().start == dt.date(2026, 2, 1)


def test_december_period_ends_next_year():
    period = quota_period(dt.datetime(2026, 12, 15, tzinfo=dt.UTC))
    assert (period.start, period.end) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))


def _parallel(n, target):
    barrier = threading.Barrier(n)
    outcomes = []

    def worker(i):
        try:
            barrier.wait()
            outcomes.append(target(i))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_charges_with_five_left_charge_exactly_five():
    user = UserFactory()

    def charge(i):
        try:
            with transaction.atomic():
                return quota_charge(user=user, resource="text", key=f"task-{i}")
        except QuotaExceeded:
            return "exceeded"

    outcomes = _parallel(50, charge)
    assert outcomes.count(True) == 5 and outcomes.count("exceeded") == 45
    assert QuotaUsage.objects.get(user=user, resource="text").used == 5
    assert QuotaCharge.objects.filter(user=user).count() == 5


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_charges_with_some_used_stop_at_the_limit():
    user = UserFactory(plan="pro")
    for i in range(95):
        quota_charge(user=user, resource="text", key=f"old-{i}")

    def charge(i):
        try:
            return quota_charge(user=user, resource="text", key=f"new-{i}")
        except QuotaExceeded:
            return "exceeded"

    outcomes = _parallel(30, charge)
    assert outcomes.count(True) == 5
    assert quota_used(user=user, resource="text") == 100


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_parallel_charges_with_one_key_charge_once():
    user = UserFactory()
    outcomes = _parallel(10, lambda i: quota_charge(user=user, resource="text", key="same-task"))
    assert outcomes.count(True) == 1
    assert quota_used(user=user, resource="text") == 1


def test_export_lists_usage_per_period_and_every_charge(user):
    with time_machine.travel(dt.datetime(2026, 1, 31, 23, 59, tzinfo=dt.UTC), tick=False) as traveller:
        quota_charge(user=user, resource="text", key="jan")
        traveller.move_to(dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC))
        quota_charge(user=user, resource="image", key="feb")

    assert quota_export(user) == {
        "usage": [
            {"resource": "text", "period_start": "2026-01-01", "used": 1},
            {"resource": "image", "period_start": "2026-02-01", "used": 1},
        ],
        "charges": [
            {"resource": "text", "key": "jan", "created_at": "2026-01-31T23:59:00Z"},
            {"resource": "image", "key": "feb", "created_at": "2026-02-01T00:00:00Z"},
        ],
    }
