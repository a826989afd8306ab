"""The servers' WSGI handler remembers each path's URL match (apps/core/routing.py): requests
go through `mechta.wsgi.application` itself, in-process, as gunicorn calls it."""

import uuid

import pytest
from django.urls import get_resolver, resolve

from apps.core import routing
from apps.core.routing import REMEMBERED_PATH_LENGTH, remembered_match
from tests.conftest import client_for
from tests.wants.factories import CompletedWantsRawFactory


@pytest.fixture
def call(wsgi_request):
    routing.forget_routes()
    return wsgi_request


def test_each_path_keeps_its_own_arguments(call, user):
    token = client_for(user).tokens["access_token"]
    first, second = CompletedWantsRawFactory(user=user, raw_envy="First"), CompletedWantsRawFactory(user=user)
    for record in (first, second, first, second):
        status, body = call(f"/api/v1/wants/raw/{record.pk}", token)
        assert status == 200
        assert (body["result"]["id"], body["result"]["raw_envy"]) == (str(record.pk), record.raw_envy)
    assert len(routing._matches) == 2  # each path resolved once, then remembered


def test_another_users_object_is_still_missing(call, user, other_client):
    token = client_for(user).tokens["access_token"]
    foreign = CompletedWantsRawFactory(user=other_client.user)
    status, _ = call(f"/api/v1/wants/raw/{foreign.pk}", other_client.tokens["access_token"])  # now remembered
    assert status == 200
    status, body = call(f"/api/v1/wants/raw/{foreign.pk}", token)
    assert status == 404
    assert body["error"]["code"] == "WANTS_RAW_NOT_FOUND"


def test_unknown_and_long_paths_are_not_remembered(call, user):
    token = client_for(user).tokens["access_token"]
    status, body = call("/api/v1/no-such-thing", token)
    assert (status, body["error"]["code"]) == (404, "NOT_FOUND")
    for path in ("/no-such-page", f"/uploads/{'a' * REMEMBERED_PATH_LENGTH}.png"):
        status, _ = call(path, token)
        assert status == 404, path
    assert routing._matches == {}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/me", "/api/v1/goals", f"/api/v1/goals/{uuid.uuid4()}", f"/api/v1/wants/raw/{uuid.uuid4()}",
     "/api/v1/wants/history", "/api/v1/rituals/today", "/health", "/"],
)
def test_a_remembered_match_is_djangos(path):
    ours, django = remembered_match(get_resolver(), path), resolve(path)
    assert (ours.func, ours.args, ours.kwargs, ours.route, ours.url_name) == (
        django.func, django.args, django.kwargs, django.route, django.url_name)


def test_a_full_memo_starts_over(monkeypatch):
    routing.forget_routes()
    monkeypatch.setattr(routing, "ROUTES_REMEMBERED", 3)
    paths = [f"/api/v1/wants/raw/{uuid.uuid4()}" for _ in range(4)]
    for path in paths:
        remembered_match(get_resolver(), path)
    assert [key[1] for key in routing._matches] == paths[3:]
