"""Dependency checks for the status page and /health: run in parallel, each bounded by a
short timeout, so a hanging Redis or broker cannot hold the page."""

import threading
import time
from dataclasses import asdict, dataclass

import redis
from django.conf import settings
from django.db import connections

CHECK_TIMEOUT_SECONDS = 1.5


@dataclass
class CheckResult:
    status: str  # up | down | embedded | eager
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


def check_redis() -> CheckResult:
    if not settings.REDIS_URL:
        return CheckResult("embedded", detail="local-memory cache")
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    finally:
        client.close()
    return CheckResult("up", detail="PING")


def check_celery() -> CheckResult:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return CheckResult("eager", detail="tasks run in-process")
    from mechta.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
        replies = app.control.ping(timeout=0.7, connection=conn)
    if not replies:
        return CheckResult("down", detail="no worker answered")
    return CheckResult("up", detail=f"{len(replies)} worker(s)")


CHECKS = {"db": check_db, "redis": check_redis, "celery": check_celery}


def _timed(check, results: dict, name: str) -> None:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a down dependency is a result, not an error
        result = CheckResult("down", detail=type(exc).__name__)
    result.latency_ms = round((time.perf_counter() - started) * 1000, 1)
    results[name] = result


def run_checks(timeout: float = CHECK_TIMEOUT_SECONDS) -> dict[str, CheckResult]:
    """All checks at once in daemon threads; one that has not answered by `timeout` is down."""
    results: dict[str, CheckResult] = {}
    threads = {name: threading.Thread(target=_timed, args=(check, results, name), daemon=True) for name, check in CHECKS.items()}
    for thread in threads.values():
        thread.start()
    deadline = time.perf_counter() + timeout
    for thread in threads.values():
        thread.join(max(0.0, deadline - time.perf_counter()))
    return {
        name: results.get(name) or CheckResult("down", latency_ms=timeout * 1000, detail="timed out")
        for name in CHECKS
    }


def as_dict(results: dict[str, CheckResult]) -> dict[str, dict]:
    return {name: asdict(result) for name, result in results.items()}
