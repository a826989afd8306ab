"""Helpers shared by the test packages: envelope assertions, parallel requests, and waiting on
an event (never a bare sleep)."""

import threading
import time

from django.db import connection


def ok(response, status=200):
    """The `result` of a successful envelope answered with `status`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is True
    assert body["error"] is None
    return body["result"]


def err(response, status, code):
    """The `error` of a failed envelope answered with `status` and `code`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False
    assert body["result"] is None
    assert body["error"]["code"] == code
    assert body["error"]["http_code"] == status
    return body["error"]


def run_parallel(count, request):
    """Run `request(i)` in `count` threads released together; return the responses."""
    barrier = threading.Barrier(count)
    responses = [None] * count
    errors = []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            responses[i] = request(i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return responses


def wait_until(condition, *, timeout: float = 30.0, what: str = "the condition"):
    """Poll `condition()` until it returns something truthy and return that; fail the test
    naming `what` after `timeout` seconds. For an event the test cannot be told of directly: a
    row another process writes, a server that comes up, a log line."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out after {timeout:g} s waiting for {what}"
        time.sleep(0.05)
    return value


def worker_finished_job(job_id):
    """The AI job's row once a real Celery worker finished it (the row is the job's result: its
    tasks store no Celery result). Proof the worker ran it: in `celery_worker_app` tests tasks go
    to the broker, never run in this process, and only the worker's claim sets `started_at`.
    Fails when no worker finishes it within 30 s."""
    from celery import current_app

    from apps.ai.models import AIJob

    assert not current_app.conf.task_always_eager, "tasks run in this process: use celery_worker_app"
    return wait_until(
        lambda: AIJob.objects.filter(pk=job_id).exclude(status__in=["queued", "running"]).first(),
        what=f"a Celery worker to finish the AI job {job_id}",
    )


class HeldAnswer:
    """A pytest-httpserver handler that answers `respond(request)` only once released: an AI
    service slower than any timeout of the test, without a sleep. The server (one per session)
    answers one request at a time, so leaving the `with` block releases the held requests and
    waits until the server has answered them: the next test, whatever it is, finds it free.

        with HeldAnswer(server, lambda request: Response("{}")) as slow:
            server.expect_request(URL, method="POST").respond_with_handler(slow)
            err(client.post(...), 504, "..._AI_TIMEOUT")
    """

    def __init__(self, server, respond):
        self.server, self.respond = server, respond
        self.received = []
        self._released = threading.Event()

    def __call__(self, request):
        self.received.append(request)
        self._released.wait(60)
        return self.respond(request)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._released.set()

        def answered():
            logged = {id(request) for request, _ in self.server.log}
            return all(id(request) in logged for request in self.received)

        wait_until(answered, timeout=10, what="the test server to answer the held requests")


def ok_with_sql(response_of, *tables) -> tuple[dict, list[str]]:
    """`ok(response_of())` and the SQL that request sent naming one of `tables`."""
    sent: list[str] = []

    def record(execute, sql, *args):
        sent.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        body = ok(response_of())
    return body, [sql for sql in sent if any(table in sql for table in tables)]


def cached_answer(answer_cache, owner, **where):
    """The body `answer_cache` (apps/core/usercache.py) would answer for `owner` now (`where`:
    its `part`, `stamp`), or None when nothing current is cached."""
    from apps.core.usercache import MISS

    body, _generation = answer_cache.lookup(owner, found=answer_cache.read(owner, part=where.get("part", "")), **where)
    return None if body is MISS else body


def cached_answer_poison(answer_cache, user_id, **fields) -> None:
    """Rewrite an AnswerCache answer in place (same generation and stamp): a read that then
    shows `fields` came from the cache."""
    from django.core.cache import cache

    answer_key, _ = answer_cache.keys(user_id)
    generation, stamp, body = cache.get(answer_key)
    cache.set(answer_key, (generation, stamp, {**body, **fields}), 300)


def assert_served_from_cache(client, path, answer_cache, *tables, **poison) -> None:
    """A repeated GET of `path` sends no SQL naming `tables`, answers the same, and answers
    what is in `answer_cache` (rewritten with `poison`): the cache, not the database, served it."""
    first, first_sql = ok_with_sql(lambda: client.get(path), *tables)
    again, again_sql = ok_with_sql(lambda: client.get(path), *tables)
    cached_answer_poison(answer_cache, client.user.pk, **poison)
    poisoned = ok(client.get(path))
    assert first_sql and again_sql == []
    assert again == first
    assert {key: poisoned[key] for key in poison} == poison
