"""The documentation matches the server: one bearer scheme, public operations marked
public, error examples that are exactly what the error classes answer, no outside host,
and the non-API pages reachable with or without a trailing slash."""

import json
import re

import jsonschema
import pytest
from django.test import Client
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from apps.core.docs import REDOC_CDN_LOGO, redoc_bundle_bytes
from apps.core.schema import error_classes

pytestmark = pytest.mark.django_db

PUBLIC = {
    ("post", "/api/v1/auth/signin"),
    ("post", "/api/v1/auth/signup"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/telegram"),
    ("post", "/api/v1/auth/telegram/webapp"),
    ("get", "/api/v1/areas/{area_id}"),
}
PLACEHOLDER_META = {"request_id", "timestamp"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/schema?format=json").json()


def operations(schema):
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield route, method, operation


def documented_errors(schema):
    for route, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status.isdigit() and int(status) >= 400:
                content = response["content"]["application/json"]
                yield route, method, int(status), content


def resolve(schema: dict, node):
    """Inline $refs and turn OpenAPI 3.0 `nullable` into JSON Schema, for jsonschema."""
    if isinstance(node, list):
        return [resolve(schema, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return resolve(schema, target)
    node = {key: resolve(schema, value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def test_one_bearer_scheme(schema):
    assert schema["components"]["securitySchemes"] == {
        "BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }


def test_public_operations_are_marked_without_auth(schema):
    for route, method, operation in operations(schema):
        if (method, route) in PUBLIC:
            assert operation["security"] == [], (method, route)


def test_protected_operations_list_the_bearer_scheme_once(schema):
    for route, method, operation in operations(schema):
        if (method, route) not in PUBLIC and operation["security"] != []:
            assert operation["security"] == [{"BearerAuth": []}], (method, route)


def test_every_documented_error_code_has_an_example(schema):
    for route, method, status, content in documented_errors(schema):
        codes = content["schema"]["properties"]["error"]["properties"]["code"]["enum"]
        assert sorted(content["examples"]) == codes, (method, route, status)


def test_error_examples_are_what_the_error_classes_answer(schema):
    classes = error_classes()
    for route, method, status, content in documented_errors(schema):
        for code, example in content["examples"].items():
            body = example["value"]
            assert body["ok"] is False and body["result"] is None, (method, route, code)
            assert body["meta"]["pagination"] is None
            assert body["error"]["code"] == code
            assert body["error"]["http_code"] == status == classes[code].http_code, (method, route, code)


def test_error_examples_validate_against_their_schema(schema):
    validators = {}  # one per distinct body schema: `jsonschema.validate` re-checks the schema on every call
    for *_operation, content in documented_errors(schema):
        body_schema = resolve(schema, content["schema"])
        key = json.dumps(body_schema, sort_keys=True)
        if key not in validators:
            cls = jsonschema.validators.validator_for(body_schema)
            cls.check_schema(body_schema)
            validators[key] = cls(body_schema)
        for example in content["examples"].values():
            validators[key].validate(example["value"])


class Raiser(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    error_class = None

    def get(self, request):
        raise self.error_class.example()


def without_meta_ids(body: dict) -> dict:
    return {**body, "meta": {k: v for k, v in body["meta"].items() if k not in PLACEHOLDER_META}}


@pytest.mark.parametrize("code", sorted(error_classes()))
def test_each_error_class_answers_exactly_its_example(schema, code):
    """The real exception handler and renderer produce the documented example byte for byte,
    apart from the request id and the time."""
    cls = error_classes()[code]
    examples = {
        c: example["value"] for *_rest, content in documented_errors(schema) for c, example in content["examples"].items()
    }
    if code not in examples:
        pytest.skip(f"{code} is not documented on any operation")
    view = type("RaiseView", (Raiser,), {"error_class": cls}).as_view()
    response = view(APIRequestFactory().get("/api/v1/raise"))
    response.render()
    assert response.status_code == cls.http_code
    assert without_meta_ids(json.loads(response.content)) == without_meta_ids(examples[code])


def test_swagger_page_loads_nothing_from_outside(client):
    html = client.get("/docs").content.decode()
    assert re.findall(r"""(?:src|href)=["']https?://""", html) == []
    assert 'href="/favicon.ico"' in html


def test_redoc_page_loads_no_fonts_from_outside(client):
    html = client.get("/redoc").content.decode()
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert re.findall(r"""(?:src|href)=["']https?://""", html) == []
    assert "/docs-assets/redoc/bundles/redoc.standalone.js" in html


def test_redoc_bundle_has_its_logo_inlined(client):
    response = client.get("/docs-assets/redoc/bundles/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert REDOC_CDN_LOGO.encode() not in redoc_bundle_bytes()
    assert b"Redoc" in redoc_bundle_bytes()


@pytest.mark.parametrize(("url", "target"), [("/docs/", "/docs"), ("/redoc/", "/redoc"), ("/admin", "/admin/")])
def test_trailing_slash_forms_redirect(client, url, target):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == target


def test_health_answers_with_a_trailing_slash(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_schema_json_opens_inline_with_a_plain_filename(client):
    response = client.get("/api/schema?format=json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'inline; filename="mechta-openapi.json"'
    assert response.json()["info"]["title"] == "MechtaAI API"
