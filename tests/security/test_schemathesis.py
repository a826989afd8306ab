"""SECURITY 33: property-based testing of the whole API against its own OpenAPI schema —
no server errors and every response conforms to the documented schema (status codes,
content types, bodies). Runs in-process against the WSGI app, signed in as a real user."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mechta.wsgi import application
from tests.accounts.factories import UserFactory
from tests.conftest import client_for

# Operations that end the caller's own session or account: they are exercised by their own
# tests; here they would only turn the rest of the run into 401s.
SESSION_ENDING = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/logout-all"), ("DELETE", "/api/v1/me")}


@pytest.fixture
def api_schema(db):
    # Like Django's test client: keep the test transaction's connection open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema?format=json", application)  # the servers' handler
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def bearer(db):
    return {"Authorization": f"Bearer {client_for(UserFactory()).tokens['access_token']}"}


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_conforms_to_its_schema(case, bearer):
    if (case.method.upper(), case.path) in SESSION_ENDING:
        pytest.skip("ends the session under test")
    case.call_and_validate(
        headers=bearer,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
