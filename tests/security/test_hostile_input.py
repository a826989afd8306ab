"""SECURITY 30: a NUL byte or an oversized value in any path, query or body field of any
/api/v1 operation is a 4xx in the envelope, never a 500. Operations come from the OpenAPI
schema, so new endpoints are covered as they are added."""

import re

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.conftest import client_for

NUL = "a\x00b"
HUGE = "x" * 300_000  # longer than any field allows


def api_operations():
    from django.test import Client

    schema = Client().get("/api/schema?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/api/v1") and method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation, schema


def body_properties(schema: dict, operation: dict) -> dict:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    node = content["schema"]
    while "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node.get("properties", {})


def hostile_requests(value: str):
    for path, method, operation, schema in api_operations():
        url = re.sub(r"\{[^}]+\}", "a%00b", path)
        params = {p["name"]: value for p in operation.get("parameters", []) if p.get("in") == "query"}
        body = {name: value for name in body_properties(schema, operation)} or None
        yield pytest.param(method, url, params, body, id=f"{method.upper()} {path}")


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    with django_db_blocker.unblock():
        return list(hostile_requests(NUL))


@pytest.mark.django_db
def test_nul_bytes_anywhere_are_4xx(operations):
    user = UserFactory(is_staff=True)
    assert len(operations) > 40
    for param in operations:
        method, url, params, body = param.values
        client = client_for(user)
        if params:
            url = url + "?" + "&".join(f"{name}=a%00b" for name in params)
        response = getattr(client, method)(url, body, format="json") if body is not None else getattr(client, method)(url)
        assert response.status_code < 500, (param.id, response.status_code, response.content[:300])
        if "%00" in url or body:  # something hostile reached the endpoint
            assert 400 <= response.status_code < 500, (param.id, response.status_code, response.content[:300])
            assert response.json()["ok"] is False, param.id


@pytest.mark.django_db
def test_oversized_values_are_4xx(operations):
    user = UserFactory(is_staff=True)
    for param in operations:
        method, url, params, body = param.values
        if body is None:
            continue
        client = client_for(user)
        response = getattr(client, method)(url.replace("a%00b", "x"), {k: HUGE for k in body}, format="json")
        assert 400 <= response.status_code < 500, (param.id, response.status_code, response.content[:300])
        assert response.json()["ok"] is False, param.id


@pytest.mark.django_db
def test_body_over_the_upload_limit_is_413():
    huge = "x" * 3_000_000
    response = APIClient().post("/api/v1/auth/signin", {"email": huge, "password": huge}, format="json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
