"""AI requests take turns for their CPU-bound start (apps/ai/jobs/turns.py): at most
AI_CREATE_CONCURRENCY at once per process, none while waiting for the job, every turn given
back however the request ended, and a request waiting for a turn holds no database connection."""

import threading
import time

import pytest

from apps.ai.jobs import turns
from apps.ai.models import AIJob
from tests.helpers import wait_until
from tests.wants.helpers import err, finish_exercise, ok

TURNS = 2


@pytest.fixture
def queued_elsewhere(settings, monkeypatch):
    """Jobs go to a broker (not run inside the request) that no worker consumes here."""
    from mechta.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.AI_CREATE_CONCURRENCY = TURNS
    monkeypatch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)


def all_turns_free() -> bool:
    """Every turn can be taken at once (then they are given back)."""
    semaphore = turns._semaphore(TURNS)
    taken = [semaphore.acquire(blocking=False) for _ in range(TURNS)]
    for ok_ in taken:
        if ok_:
            semaphore.release()
    return all(taken)


class Request:  # what turn_take keeps its turn on
    pass


def test_at_most_n_requests_hold_a_turn_at_once(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.AI_CREATE_CONCURRENCY = TURNS
    inside, most, lock = [0], [0], threading.Lock()

    def start() -> None:
        request = Request()
        turns.turn_take(request)
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.05)
        with lock:
            inside[0] -= 1
        turns.turn_give_back(request)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == TURNS
    assert all_turns_free()


def test_a_request_waiting_for_a_turn_gives_its_database_connection_back_first(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.AI_CREATE_CONCURRENCY = TURNS
    released = threading.Event()
    monkeypatch.setattr(turns, "release_pooled_connection", released.set)
    holders = [Request() for _ in range(TURNS)]
    for holder in holders:
        turns.turn_take(holder)  # a free turn: nothing given back
    assert not released.is_set()
    waiter = Request()
    thread = threading.Thread(target=turns.turn_take, args=(waiter,))
    thread.start()
    assert released.wait(5)  # before it blocks
    assert thread.is_alive()  # and it waits for a turn
    turns.turn_give_back(holders[0])
    thread.join(5)
    assert not thread.is_alive()
    for request in (holders[1], waiter):
        turns.turn_give_back(request)
    assert all_turns_free()


@pytest.mark.django_db(transaction=True)  # a request in another thread
def test_a_request_gives_its_turn_back_while_it_waits_for_its_job(settings, auth_client, queued_elsewhere):
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    settings.AI_TASK_WAIT_SECONDS = 3  # nobody runs the job: the wait ends at its deadline
    answers = []
    thread = threading.Thread(target=lambda: answers.append(auth_client.post("/api/v1/wants/analyze")))
    thread.start()
    wait_until(lambda: AIJob.objects.filter(user=auth_client.user).exists(), what="the job row")
    assert thread.is_alive() and all_turns_free()  # waiting, holding no turn
    thread.join(30)
    err(answers[0], 504, "WANTS_AI_TIMEOUT")
    assert all_turns_free()


@pytest.mark.django_db
def test_every_turn_is_given_back_however_the_request_ended(auth_client, other_client, client, queued_elsewhere):
    err(client.post("/api/v1/wants/analyze"), 401, "AUTH_NOT_AUTHENTICATED")
    assert all_turns_free()
    err(other_client.post("/api/v1/wants/analyze"), 404, "WANTS_COMPLETED_NOT_FOUND")
    assert all_turns_free()
    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    for _ in range(TURNS + 1):  # more than the turns
        ok(auth_client.post("/api/v1/wants/analyze", HTTP_PREFER="respond-async"), 202)
        assert all_turns_free()
