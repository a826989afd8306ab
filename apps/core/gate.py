"""A per-process gate on the requests that run at once.

gunicorn's gthread workers give each process many threads, so that requests waiting for AI
jobs only sleep in theirs. Running many CPU-bound requests at once in one process buys
nothing (one GIL) and widens the tail: threads take turns every few milliseconds instead of
finishing in order. The gate lets WEB_ACTIVE_REQUESTS requests of a process run at a time,
the others wait their turn strictly in arrival order (like the sync worker's backlog), and a request
that waits for an AI job steps out of the gate while it sleeps (`gate_released()`).
WEB_ACTIVE_REQUESTS=0 (the default outside gunicorn.conf.py) turns it off.
"""

import threading
from collections import deque
from contextlib import contextmanager

from django.conf import settings


class FairGate:
    """A counting gate that admits waiters strictly in arrival order: a freed place is handed
    to the oldest waiter, so a newcomer can never overtake it (threading.Semaphore lets
    newcomers barge in, which stretches the tail latency under load)."""

    def __init__(self, size: int):
        self._lock = threading.Lock()
        self._free = size
        self._waiters: deque[threading.Event] = deque()

    def acquire(self) -> None:
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return
            turn = threading.Event()
            self._waiters.append(turn)
        turn.wait()  # the place is handed over by release()

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._free += 1


_lock = threading.Lock()
_gate: FairGate | None = None
_gate_size = 0
_local = threading.local()


def request_gate() -> FairGate | None:
    global _gate, _gate_size
    size = settings.WEB_ACTIVE_REQUESTS
    if size <= 0:
        return None
    if _gate is None or _gate_size != size:
        with _lock:
            if _gate is None or _gate_size != size:
                _gate, _gate_size = FairGate(size), size
    return _gate


class RequestGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gate = request_gate()
        if gate is None:
            return self.get_response(request)
        gate.acquire()
        _local.gate = gate
        try:
            return self.get_response(request)
        finally:
            held, _local.gate = getattr(_local, "gate", None), None
            if held is not None:
                held.release()


@contextmanager
def gate_released():
    """Around a long sleep inside a request: other requests of the process may run meanwhile."""
    gate = getattr(_local, "gate", None)
    if gate is None:
        yield
        return
    gate.release()
    _local.gate = None
    try:
        yield
    finally:
        gate.acquire()
        _local.gate = gate
