"""Real error responses of every operation against the schema and its examples: for each
documented error that any request can provoke (no token, malformed JSON, a non-JSON body,
an unacceptable Accept header), schemathesis sends the real request in-process, validates the
response against the operation's schema, and the body must equal the documented example
apart from the request id and the time."""

import pytest
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.accounts.factories import UserFactory
from tests.conftest import client_for

from .test_schemathesis import SESSION_ENDING, api_schema  # noqa: F401  (fixture)

PATH_VALUE = "00000000-0000-4000-8000-000000000000"


def real_operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def documented_example(operation, status: int, code: str) -> dict:
    response = operation.definition.raw["responses"][str(status)]
    return response["content"]["application/json"]["examples"][code]["value"]


def without_ids(body: dict) -> dict:
    return {**body, "meta": {k: v for k, v in body["meta"].items() if k not in ("request_id", "timestamp")}}


def send(operation, **kwargs):
    path_parameters = {parameter.name: PATH_VALUE for parameter in operation.path_parameters}
    case = operation.Case(path_parameters=path_parameters, **kwargs)
    response = case.call()
    case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
    return response


@pytest.fixture
def staff_bearer(db):
    return {"Authorization": f"Bearer {client_for(UserFactory(is_staff=True, locale='ru')).tokens['access_token']}"}


def assert_answers_example(operation, response, status: int, code: str):
    label = f"{operation.method.upper()} {operation.path}"
    assert response.status_code == status, (label, response.status_code, response.text[:300])
    body = response.json()
    assert body["error"]["code"] == code, label
    expected = documented_example(operation, status, code)
    assert without_ids(body) == without_ids(expected), (label, body["error"]["message"], expected["error"]["message"])


def test_every_protected_operation_answers_its_documented_401(api_schema):  # noqa: F811
    checked = 0
    for operation in real_operations(api_schema):
        if operation.definition.raw.get("security") != [{"BearerAuth": []}]:
            continue
        response = send(operation, headers={})
        assert_answers_example(operation, response, 401, "AUTH_NOT_AUTHENTICATED")
        checked += 1
    assert checked > 20


def test_every_body_operation_answers_its_documented_400_for_malformed_json(api_schema, staff_bearer):  # noqa: F811
    checked = 0
    for operation in real_operations(api_schema):
        if operation.method.upper() not in ("POST", "PUT", "PATCH") or "requestBody" not in operation.definition.raw:
            continue
        if (operation.method.upper(), operation.path) in SESSION_ENDING:
            continue
        response = send(
            operation,
            headers={**staff_bearer, "Content-Type": "application/json"},
            body=b'{"unterminated": ',
            media_type="application/octet-stream",
        )
        if response.status_code == 403:  # the bot secret is checked before the body
            continue
        assert_answers_example(operation, response, 400, "INVALID_JSON")
        checked += 1
    assert checked > 10


def test_every_body_operation_answers_its_documented_415_for_a_form_body(api_schema, staff_bearer):  # noqa: F811
    checked = 0
    for operation in real_operations(api_schema):
        if operation.method.upper() not in ("POST", "PUT", "PATCH") or "requestBody" not in operation.definition.raw:
            continue
        if (operation.method.upper(), operation.path) in SESSION_ENDING:
            continue
        response = send(
            operation,
            headers={**staff_bearer, "Content-Type": "text/plain"},
            body=b"plain text",
            media_type="application/octet-stream",
        )
        if response.status_code == 403:
            continue
        assert_answers_example(operation, response, 415, "UNSUPPORTED_MEDIA_TYPE")
        checked += 1
    assert checked > 10

