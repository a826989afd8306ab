"""GET /rituals/entries: the caller's journal, newest first, by local date range, paginated."""

from datetime import date, timedelta

import pytest

from .factories import JournalEntryFactory
from .helpers import err, ok

pytestmark = pytest.mark.django_db

URL = "/api/v1/rituals/entries"


def journal(user, first: date, days: int):
    for offset in range(days):
        day = first + timedelta(days=offset)
        JournalEntryFactory(user=user, entry_date=day, type="morning")
        JournalEntryFactory(user=user, entry_date=day, type="evening")


def test_newest_first_evening_before_morning(auth_client):
    journal(auth_client.user, date(2026, 11, 1), 3)
    response = auth_client.get(URL)
    items = ok(response)["items"]
    assert [(i["entry_date"], i["type"]) for i in items] == [
        ("2026-11-03", "evening"),
        ("2026-11-03", "morning"),
        ("2026-11-02", "evening"),
        ("2026-11-02", "morning"),
        ("2026-11-01", "evening"),
        ("2026-11-01", "morning"),
    ]
    assert set(items[0]) == {"id", "type", "entry_date", "answers", "mood_score", "energy_score", "created_at"}
    assert response.json()["meta"]["pagination"] == {
        "page": 1, "page_size": 20, "total": 6, "total_pages": 1, "has_next": False, "has_prev": False,
    }


def test_empty_journal(auth_client):
    assert ok(auth_client.get(URL)) == {"items": []}


def test_from_and_to_are_inclusive_local_dates(auth_client):
    journal(auth_client.user, date(2026, 11, 1), 10)
    items = ok(auth_client.get(URL, {"from": "2026-11-03", "to": "2026-11-05"}))["items"]
    assert sorted({i["entry_date"] for i in items}) == ["2026-11-03", "2026-11-04", "2026-11-05"]
    assert len(ok(auth_client.get(URL, {"from": "2026-11-09"}))["items"]) == 4
    assert len(ok(auth_client.get(URL, {"to": "2026-11-01"}))["items"]) == 2
    assert len(ok(auth_client.get(URL, {"from": "2026-11-04", "to": "2026-11-04"}))["items"]) == 2


def test_pages(auth_client):
    journal(auth_client.user, date(2026, 11, 1), 5)
    response = auth_client.get(URL, {"page": 2, "page_size": 4})
    items = ok(response)["items"]
    assert [(i["entry_date"], i["type"]) for i in items] == [
        ("2026-11-03", "evening"), ("2026-11-03", "morning"), ("2026-11-02", "evening"), ("2026-11-02", "morning"),
    ]
    meta = response.json()["meta"]["pagination"]
    assert (meta["total"], meta["total_pages"], meta["has_next"], meta["has_prev"]) == (10, 3, True, True)
    assert ok(auth_client.get(URL, {"page": 9}))["items"] == []


def test_only_the_callers_entries(auth_client, other_client):
    journal(other_client.user, date(2026, 11, 1), 3)
    JournalEntryFactory(user=auth_client.user, entry_date=date(2026, 11, 2))
    items = ok(auth_client.get(URL))["items"]
    assert len(items) == 1
    assert auth_client.get(URL).json()["meta"]["pagination"]["total"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-11-31"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": ""}, "to"),
        ({"from": "2026-11-05", "to": "2026-11-04"}, "to"),
        ({"page": 0}, "page"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": "5.0"}, "page_size"),
    ],
)
def test_bad_query_is_422(auth_client, params, field):
    error = err(auth_client.get(URL, params), 422, "VALIDATION_ERROR")
    assert field in error["fields"]


def test_anonymous_is_401(api_client):
    err(api_client.get(URL), 401, "AUTH_NOT_AUTHENTICATED")


@pytest.mark.parametrize("days", [1, 50])
def test_query_count_is_fixed(auth_client, django_assert_num_queries, days):
    journal(auth_client.user, date(2026, 1, 1), days)
    with django_assert_num_queries(2):  # the page with its total; the session check comes from the cache
        items = ok(auth_client.get(URL, {"page_size": 100}))["items"]
    assert len(items) == min(2 * days, 100)
