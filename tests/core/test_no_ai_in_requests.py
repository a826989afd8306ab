"""No request calls the AI (issue 18 item 1). The whole suite runs under tests/ai_guard.py: an
AI call while a request is handled fails the test unless a Celery task makes it (the AI-job
layer's tasks, inline in eager mode, in the worker in production). Here: the guard really
catches a view that calls the AI client, and every GET operation of the API — the daily tip
among them, for a user who qualifies for an AI tip — makes no AI call at all."""

import uuid

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_guard_fails_a_view_that_calls_the_ai(settings, api_client, no_ai_call_inside_a_request):
    guard = no_ai_call_inside_a_request
    settings.ROOT_URLCONF = "tests.core.ai_urls"
    response = api_client.get("/api/v1/test/ai-inside")
    assert response.status_code == 500  # the guard's AssertionError, answered as any bug is
    assert guard.violations == ["apps.ai.client.offline_compose"]
    guard.reset()  # seen: this test's own teardown must not fail


def test_the_guard_lets_tasks_and_non_requests_call_the_ai(no_ai_call_inside_a_request):
    from apps.ai.client import complete_json
    from tests.core.ai_urls import TipOutput

    context = {"date": "2025-01-13", "moon": {"phase": "full_moon", "phase_name": "Full moon"}, "numerology": None,
               "first_name": "Anna"}
    result = complete_json(task="esoterics.daily_tip", locale="en", context=context, output=TipOutput)
    assert result.data["text"]
    assert no_ai_call_inside_a_request.calls == ["apps.ai.client.offline_compose"]
    assert no_ai_call_inside_a_request.violations == []


def get_operations():
    schema = Client().get("/api/schema?format=json").json()
    for path, operations in schema["paths"].items():
        if "get" in operations:
            yield path


def test_no_get_operation_calls_the_ai(no_ai_call_inside_a_request):
    user = UserFactory(date_of_birth="1990-05-17", time_zone="UTC")  # qualifies for an AI tip
    client = client_for(user)
    paths = list(get_operations())
    assert "/api/v1/esoterics/today" in paths
    for path in paths:
        url = path
        while "{" in url:
            start, end = url.index("{"), url.index("}")
            url = url[:start] + str(uuid.uuid4()) + url[end + 1 :]
        response = client.get(url)
        assert response.status_code < 500, (path, response.status_code)
    assert no_ai_call_inside_a_request.calls == []
