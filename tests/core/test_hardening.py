"""Issue 13 platform hardening: nested JSON, Host header, no-store, CORS, proxies, log ids."""

import logging
import uuid

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from apps.core.logging import RequestIdFilter
from tests.conftest import client_for
from tests.core.test_envelope import assert_error


@pytest.fixture(autouse=True)
def _test_urls(settings):
    settings.ROOT_URLCONF = "tests.core.urls"


# --- JSON nested 1,000 levels (SECURITY 37) -----------------------------------------------------


def test_deeply_nested_json_is_invalid_json_logged_in_one_line(caplog):
    client = APIClient(raise_request_exception=False)
    body = "[" * 1000 + "]" * 1000
    with caplog.at_level(logging.INFO):
        response = client.post("/api/v1/auth/signin", data=body, content_type="application/json")
    assert_error(response, 400, "INVALID_JSON")
    assert not [r for r in caplog.records if r.exc_info]
    assert all("\n" not in r.getMessage() for r in caplog.records)


# --- Disallowed Host (SECURITY 38) --------------------------------------------------------------


@pytest.mark.parametrize("debug", [True, False])
def test_disallowed_host_under_api_is_the_envelope(settings, debug):
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/areas", HTTP_HOST="evil.example.com")
    assert response["Content-Type"].startswith("application/json")
    assert_error(response, 400, "BAD_REQUEST")


# --- Cache-Control: no-store (SECURITY 39) ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/me/export", "/api/v1/auth/sessions"])
def test_authenticated_responses_are_no_store(auth_client, path):
    response = auth_client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_token_responses_are_no_store(user):
    client = client_for(user)
    response = APIClient().post("/api/v1/auth/refresh", {"refresh_token": client.tokens["refresh_token"]}, format="json")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- CORS (SECURITY 40) -------------------------------------------------------------------------


def preflight(origin: str):
    return APIClient().options(
        "/api/v1/me",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )


def test_no_cors_headers_by_default(settings):
    settings.CORS_ALLOWED_ORIGINS = []
    response = preflight("https://app.example.com")
    assert "Access-Control-Allow-Origin" not in response


def test_preflight_of_an_allowed_origin_is_answered_without_a_token(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    response = preflight("https://app.example.com")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_other_origins_get_no_cors_headers(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    response = preflight("https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in response


# --- X-Forwarded-For and TRUSTED_PROXIES (SECURITY 36) -------------------------------------------


def client_ip(request):
    from apps.core.security import client_ip

    return client_ip(request)


def forwarded_request(remote: str, forwarded: str | None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/api/v1/areas", **extra)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(forwarded_request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_forwarded_for_from_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(forwarded_request("10.0.0.5", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_forwarded_for_walks_back_over_trusted_hops_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.6"]
    # spoofed first entry, real client, then the second proxy: the spoofed one is never believed
    request = forwarded_request("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.6")
    assert client_ip(request) == "203.0.113.9"


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(forwarded_request("192.0.2.7", "203.0.113.9")) == "192.0.2.7"


def test_garbage_forwarded_for_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(forwarded_request("10.0.0.5", "not-an-ip")) == "10.0.0.5"


@pytest.mark.django_db
def test_signin_limit_per_ip_counts_the_forwarded_client(settings, api_client):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.AUTH_RATE_LIMITS = {"ip": (2, 60)}
    body = {"email": "nobody@example.com", "password": "x" * 10}

    def signin(ip):
        return api_client.post("/api/v1/auth/signin", body, format="json", HTTP_X_FORWARDED_FOR=ip)

    assert signin("203.0.113.1").status_code == 401
    assert signin("203.0.113.1").status_code == 401
    assert signin("203.0.113.1").status_code == 429
    assert signin("203.0.113.2").status_code == 401


# --- Request ids in every log line --------------------------------------------------------------


def test_django_request_log_line_carries_the_request_id():
    records = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    request_id = str(uuid.uuid4())
    try:
        APIClient(raise_request_exception=False).get("/api/v1/_test/boom", HTTP_X_REQUEST_ID=request_id)
    finally:
        logger.removeHandler(handler)
    assert records
    assert all(record.request_id == request_id for record in records)
