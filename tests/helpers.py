"""Helpers shared by the test packages: envelope assertions and parallel requests."""

import threading

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
