"""The per-process request gate (apps/core/gate.py): at most WEB_ACTIVE_REQUESTS requests run
at once, and a request waiting for an AI job steps out of the gate while it sleeps."""

import threading
import time

import pytest

from apps.core.gate import RequestGateMiddleware
from tests.helpers import err, ok


def test_no_more_requests_run_at_once_than_the_gate_allows(settings):
    settings.WEB_ACTIVE_REQUESTS = 2
    running, most = [0], [0]
    lock = threading.Lock()

    def view(request):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return "done"

    gate = RequestGateMiddleware(view)
    threads = [threading.Thread(target=gate, args=(None,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == 2


def test_without_a_size_there_is_no_gate(settings):
    settings.WEB_ACTIVE_REQUESTS = 0
    assert RequestGateMiddleware(lambda request: "done")(None) == "done"


@pytest.mark.django_db(transaction=True)
def test_a_request_waiting_for_ai_lets_the_others_run(auth_client, settings, monkeypatch):
    """Gate of one: a wants analysis whose job no worker takes sleeps until its deadline; a
    GET /me sent meanwhile answers long before it."""
    from mechta.celery import app
    from tests.wants.helpers import finish_exercise

    finish_exercise(auth_client)
    ok(auth_client.post("/api/v1/wants/complete"))
    monkeypatch.setattr(app.tasks["wants.analyze"], "apply_async", lambda *args, **kwargs: None)
    settings.WEB_ACTIVE_REQUESTS = 1
    settings.AI_TASK_WAIT_SECONDS = 1.5
    finished = {}

    def analyze():
        response = auth_client.post("/api/v1/wants/analyze")
        finished["analyze"] = (time.monotonic(), response)

    waiting = threading.Thread(target=analyze)
    waiting.start()
    time.sleep(0.3)  # the analysis is waiting now
    ok(auth_client.get("/api/v1/me"))
    finished["me"] = time.monotonic()
    waiting.join(10)
    err(finished["analyze"][1], 504, "WANTS_AI_TIMEOUT")
    assert finished["me"] < finished["analyze"][0]


def test_the_gate_admits_waiters_in_arrival_order():
    from apps.core.gate import FairGate

    gate = FairGate(1)
    gate.acquire()
    order, threads = [], []
    for i in range(5):
        def wait(i=i):
            gate.acquire()
            order.append(i)
            gate.release()

        thread = threading.Thread(target=wait)
        thread.start()
        threads.append(thread)
        while len(gate._waiters) < i + 1:  # each waiter queued before the next arrives
            time.sleep(0.001)
    gate.release()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]
