import pytest
from rest_framework.test import APIClient

from apps.core.health import run_checks


@pytest.mark.django_db(transaction=True)
def test_status_page_shows_checks_and_links(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("db", "redis", "celery"):
        assert f'id="check-{name}"' in html
    assert 'href="/docs"' in html and 'href="/redoc"' in html
    assert "0.1.0" in html


@pytest.mark.django_db(transaction=True)
def test_status_page_marks_hanging_redis_and_broker_down(client, settings, hanging_address):
    host, port = hanging_address
    settings.REDIS_URL = f"redis://{host}:{port}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://{host}:{port}/1"
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="down"') == 2
    assert 'id="check-db"' in html


@pytest.mark.django_db(transaction=True)
def test_checks_are_bounded_when_dependencies_hang(settings, hanging_address):
    host, port = hanging_address
    settings.REDIS_URL = f"redis://{host}:{port}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://{host}:{port}/1"
    checks = run_checks(timeout=1.0)
    assert checks["redis"].status == "down"
    assert checks["celery"].status == "down"
    assert checks["db"].status == "up"


@pytest.mark.django_db(transaction=True)
def test_health_is_200_when_everything_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert set(body["checks"]) == {"db", "redis", "celery"}


@pytest.mark.django_db(transaction=True)
def test_health_is_503_naming_the_failing_check(client, settings, hanging_address):
    host, port = hanging_address
    settings.REDIS_URL = f"redis://{host}:{port}/0"
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["failing"] == ["redis"]
    assert body["checks"]["redis"]["status"] == "down"


def test_uploads_serves_media_files(client, settings):
    folder = settings.MEDIA_ROOT / "u1"
    folder.mkdir()
    (folder / "pic.png").write_bytes(b"\x89PNG-test")
    response = client.get("/uploads/u1/pic.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG-test"


@pytest.mark.parametrize("path", ["/uploads/../settings.py", "/uploads/%2e%2e/%2e%2e/etc/passwd", "/uploads//etc/passwd"])
def test_uploads_refuses_path_traversal(client, settings, path):
    (settings.MEDIA_ROOT.parent / "settings.py").write_text("SECRET")
    response = client.get(path)
    assert response.status_code == 404


def test_uploads_missing_file_is_404(client):
    assert client.get("/uploads/nope.png").status_code == 404


@pytest.mark.django_db
def test_schema_documents_the_envelope(client):
    response = client.get("/api/schema?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    components = schema["components"]["schemas"]
    assert {"EnvelopeMeta", "Pagination", "ErrorEnvelope"} <= set(components)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"/api/schema" in response.content


@pytest.mark.django_db
def test_cache_outage_degrades_to_no_cache(settings, hanging_address):
    """A cache that hangs costs a cached read nothing but the timeout: it answers from the
    database, and a second read answers the same (nothing half-written was served)."""
    from apps.areas.services import ensure_default_areas

    ensure_default_areas()
    host, port = hanging_address
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{host}:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }
    from django.core.cache import caches

    dead = caches["default"]
    dead.set("k", "v")
    assert dead.get("k") is None
    client = APIClient()
    first = client.get("/api/v1/areas/health")
    second = client.get("/api/v1/areas/health")
    assert first.status_code == second.status_code == 200
    assert first.json()["result"]["id"] == "health"
    assert first.json()["result"] == second.json()["result"]
