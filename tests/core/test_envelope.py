import logging
import re
import uuid

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


@pytest.fixture(autouse=True)
def _test_urls(settings):
    settings.ROOT_URLCONF = "tests.core.urls"


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False
    assert body["result"] is None
    assert body["error"]["code"] == code
    assert body["error"]["http_code"] == status
    assert isinstance(body["error"]["details"], dict)
    assert isinstance(body["error"]["fields"], dict)
    assert TIMESTAMP.match(body["meta"]["timestamp"])
    assert uuid.UUID(body["meta"]["request_id"])
    assert response["X-Request-ID"] == body["meta"]["request_id"]
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "put", "delete", "patch"])
def test_unknown_api_path_is_not_found_envelope(api_client, method):
    response = getattr(api_client, method)("/api/v1/no/such/thing")
    assert_error(response, 404, "NOT_FOUND")


def test_unknown_api_version_is_not_found_envelope(api_client):
    assert_error(api_client.get("/api/v2/areas"), 404, "NOT_FOUND")


def test_wrong_method_is_405(api_client):
    assert_error(api_client.delete("/api/v1/_test/echo"), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_is_invalid_json(api_client):
    response = api_client.post("/api/v1/_test/echo", data='{"title": ', content_type="application/json")
    assert_error(response, 400, "INVALID_JSON")


def test_form_body_is_unsupported_media_type(api_client):
    response = api_client.post("/api/v1/_test/echo", data="title=x", content_type="application/x-www-form-urlencoded")
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_validation_error_names_nested_fields_as_dotted_paths(api_client):
    response = api_client.post(
        "/api/v1/_test/echo",
        {"title": "", "scores": {"health": 11}, "tags": [{"name": "ok"}, {"name": "x" * 11}]},
        format="json",
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["fields"]) == {"title", "scores.health", "tags.1.name"}
    assert all(isinstance(m, str) for messages in body["error"]["fields"].values() for m in messages)


def test_body_that_is_not_an_object_is_422(api_client):
    response = api_client.post("/api/v1/_test/echo", [1, 2], format="json")
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "non_field_errors" in body["error"]["fields"]


def test_nul_byte_in_body_is_422_not_500(api_client):
    response = api_client.post("/api/v1/_test/echo", {"title": "a\x00b", "scores": {"health": 1}}, format="json")
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "title" in body["error"]["fields"]


def test_success_envelope(api_client):
    response = api_client.post("/api/v1/_test/echo", {"title": "Dream", "scores": {"health": 7}}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["error"] is None
    assert body["result"] == {"title": "Dream", "scores": {"health": 7}}
    assert body["meta"]["pagination"] is None
    assert TIMESTAMP.match(body["meta"]["timestamp"])


def test_trailing_slash_works_for_post_without_redirect(api_client):
    response = api_client.post("/api/v1/_test/echo/", {"title": "Dream", "scores": {"health": 7}}, format="json")
    assert response.status_code == 200
    assert response.json()["result"]["title"] == "Dream"


def test_rate_limited_has_retry_after(api_client):
    body = assert_error(api_client.get("/api/v1/_test/throttled"), 429, "RATE_LIMITED")
    assert body["error"]["details"] == {"retry_after": 30}


def test_rate_limited_response_header(api_client):
    assert api_client.get("/api/v1/_test/throttled")["Retry-After"] == "30"


def test_unhandled_exception_is_500_without_leak(caplog):
    client = APIClient(raise_request_exception=False)
    request_id = str(uuid.uuid4())
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/_test/boom", HTTP_X_REQUEST_ID=request_id)
    body = assert_error(response, 500, "INTERNAL_ERROR")
    text = response.content.decode()
    assert "SELECT" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert body["meta"]["request_id"] == request_id
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert records and all(getattr(r, "request_id", None) == request_id for r in records)


def test_valid_request_id_is_echoed(api_client):
    request_id = str(uuid.uuid4())
    response = api_client.get("/api/v1/nothing", HTTP_X_REQUEST_ID=request_id)
    assert response["X-Request-ID"] == request_id
    assert response.json()["meta"]["request_id"] == request_id


def test_invalid_request_id_is_replaced(api_client):
    response = api_client.get("/api/v1/nothing", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    new_id = response.json()["meta"]["request_id"]
    assert uuid.UUID(new_id).version == 4
    assert response["X-Request-ID"] == new_id


def test_error_messages_follow_accept_language(api_client):
    ru = api_client.get("/api/v1/nothing").json()["error"]["message"]
    en = api_client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    assert en == "Not found."
    assert ru == "Не найдено."


def test_missing_token_is_401(api_client):
    body = assert_error(api_client.get("/api/v1/_test/whoami"), 401, "AUTH_NOT_AUTHENTICATED")
    assert body["error"]["message"]


@pytest.mark.django_db
class TestPagination:
    @pytest.fixture
    def users(self):
        return [UserFactory(email=f"p{i:02d}@example.com") for i in range(5)]

    def test_first_page_meta(self, api_client, users):
        body = api_client.get("/api/v1/_test/users?page=1&page_size=2").json()
        assert [i["email"] for i in body["result"]["items"]] == ["p00@example.com", "p01@example.com"]
        assert body["meta"]["pagination"] == {
            "page": 1, "page_size": 2, "total": 5, "total_pages": 3, "has_next": True, "has_prev": False,
        }

    def test_last_page(self, api_client, users):
        body = api_client.get("/api/v1/_test/users?page=3&page_size=2").json()
        assert [i["email"] for i in body["result"]["items"]] == ["p04@example.com"]
        assert body["meta"]["pagination"]["has_next"] is False
        assert body["meta"]["pagination"]["has_prev"] is True

    def test_page_past_the_end_is_empty(self, api_client, users):
        body = api_client.get("/api/v1/_test/users?page=9&page_size=2").json()
        assert body["ok"] is True
        assert body["result"]["items"] == []
        assert body["meta"]["pagination"]["total"] == 5

    def test_default_page_size_is_20(self, api_client, users):
        assert api_client.get("/api/v1/_test/users").json()["meta"]["pagination"]["page_size"] == 20

    @pytest.mark.parametrize(
        "query", ["page=0", "page_size=0", "page_size=101", "page=abc", "page=-1", "page=2.0", "page=%D9%A3", "page=", "page=+2"]
    )
    def test_out_of_range_is_422(self, api_client, query):
        body = assert_error(api_client.get(f"/api/v1/_test/users?{query}"), 422, "VALIDATION_ERROR")
        assert set(body["error"]["fields"]) <= {"page", "page_size"}

    def test_empty_list(self, api_client):
        body = api_client.get("/api/v1/_test/users").json()
        assert body["result"]["items"] == []
        assert body["meta"]["pagination"]["total_pages"] == 0
