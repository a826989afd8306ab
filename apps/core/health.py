"""Dependency checks for the status page and /health: run in parallel, each bounded by a
short timeout, so a hanging Redis or broker cannot hold the page."""

import threading
import time
from dataclasses import asdict, dataclass

import redis
from django.conf import settings
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

CHECK_TIMEOUT_SECONDS = 1.5


@dataclass
class CheckResult:
    status: str  # up | down | embedded | eager (machine-readable; see STATUS_LABELS)
    latency_ms: float | None = None
    detail: str = ""

    @property
    def healthy(self) -> bool:
        return self.status != "down"


def check_db() -> CheckResult:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return CheckResult("up", detail=connection.vendor)
    finally:
        connection.close()


CACHE_BACKEND_NAMES = {
    "django_redis.cache.RedisCache": "Redis (django-redis)",
    "django.core.cache.backends.redis.RedisCache": "Redis",
    "django.core.cache.backends.locmem.LocMemCache": gettext_lazy("local memory"),
    "django.core.cache.backends.db.DatabaseCache": gettext_lazy("database"),
    "django.core.cache.backends.dummy.DummyCache": gettext_lazy("none (dummy cache)"),
}


def cache_backend_name() -> str:
    """The configured default cache, in words: what the cache row of the status page shows."""
    backend = settings.CACHES["default"]["BACKEND"]
    return str(CACHE_BACKEND_NAMES.get(backend, backend.rsplit(".", 1)[-1]))


def check_redis() -> CheckResult:
    """The cache: Redis is pinged when configured; otherwise the embedded cache is named."""
    if not settings.REDIS_URL:
        return CheckResult("embedded", detail=_("%(backend)s cache, no Redis configured") % {"backend": cache_backend_name()})
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    finally:
        client.close()
    return CheckResult("up", detail=_("%(backend)s cache, PING answered") % {"backend": cache_backend_name()})


def check_celery() -> CheckResult:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return CheckResult("eager", detail=_("eager mode: tasks run in-process"))
    from mechta.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
        replies = app.control.ping(timeout=0.7, connection=conn)
    if not replies:
        return CheckResult("down", detail=_("no worker answered"))
    count = len(replies)
    return CheckResult("up", detail=ngettext("%(count)d worker", "%(count)d workers", count) % {"count": count})


CHECKS = {"db": check_db, "redis": check_redis, "celery": check_celery}
# What the status page calls each check and each status (the JSON keeps the keys).
CHECK_LABELS = {"db": gettext_lazy("Database"), "redis": gettext_lazy("Cache"), "celery": gettext_lazy("Task queue (Celery)")}
STATUS_LABELS = {
    "up": gettext_lazy("up"),
    "down": gettext_lazy("down"),
    "embedded": gettext_lazy("embedded"),
    "eager": gettext_lazy("eager"),
    "off": gettext_lazy("off"),  # a feature line of the status page (apps.core.registry)
}


def _timed(check, results: dict, name: str, language: str | None) -> None:
    started = time.perf_counter()
    try:
        # Threads do not inherit the request's language: the details are in the caller's.
        with translation.override(language):
            result = check()
    except Exception as exc:  # a down dependency is a result, not an error
        result = CheckResult("down", detail=type(exc).__name__)
    result.latency_ms = round((time.perf_counter() - started) * 1000, 1)
    results[name] = result


def run_checks(timeout: float = CHECK_TIMEOUT_SECONDS) -> dict[str, CheckResult]:
    """All checks at once in daemon threads; one that has not answered by `timeout` is down."""
    results: dict[str, CheckResult] = {}
    language = translation.get_language()
    threads = {
        name: threading.Thread(target=_timed, args=(check, results, name, language), daemon=True)
        for name, check in CHECKS.items()
    }
    for thread in threads.values():
        thread.start()
    deadline = time.perf_counter() + timeout
    for thread in threads.values():
        thread.join(max(0.0, deadline - time.perf_counter()))
    return {
        name: results.get(name) or CheckResult("down", latency_ms=timeout * 1000, detail=_("timed out"))
        for name in CHECKS
    }


def as_dict(results: dict[str, CheckResult]) -> dict[str, dict]:
    return {name: asdict(result) for name, result in results.items()}
