"""The status page and /health speak the caller's language (Accept-Language) and name the
cache backend that is really configured."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "heading", "cache_label", "cache_detail"),
    [
        ("en", "MechtaAI backend is up", "Cache", "local memory cache, no Redis configured"),
        ("ru", "Бэкенд MechtaAI работает", "Кэш", "кэш: локальная память, Redis не настроен"),
    ],
)
def test_status_page_speaks_the_callers_language(client, settings, language, heading, cache_label, cache_detail):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "status"}}
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    row = html.split('id="check-redis"')[1].split("</tr>")[0]
    assert f"<td>{cache_label}</td>" in row
    assert cache_detail in row
    assert "redis" not in row.lower().replace("check-redis", "").replace("redis не настроен", "").replace(
        "no redis configured", ""
    )


def test_status_page_names_redis_when_it_is_the_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens: the row is down, but named right
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html.split('id="check-redis"')[1].split("</tr>")[0]
    assert "<td>Cache</td>" in row and 'class="down"' in row


def test_status_page_links_the_schema_as_json(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/api/schema?format=json"' in html


@pytest.mark.parametrize(
    ("language", "celery_detail"),
    [("en", "eager mode: tasks run in-process"), ("ru", "режим eager: задачи выполняются в процессе")],
)
def test_health_details_speak_the_callers_language(client, language, celery_detail):
    body = client.get("/health", HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["checks"]["celery"] == {"status": "eager", "latency_ms": body["checks"]["celery"]["latency_ms"], "detail": celery_detail}
    assert set(body["checks"]) == {"db", "redis", "celery"}  # the keys stay machine-readable
