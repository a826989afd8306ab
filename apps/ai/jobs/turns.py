"""The CPU-bound start of an AI request, a few at a time per web process (AI_CREATE_CONCURRENCY).

256 users pressing "analyze" at once put ~128 requests per web process into their first steps
together: authentication, the quota lock, the job row, the publish to the broker, each a few
milliseconds of CPU between two waits. Under gevent a request that is ready to run waits for
every other ready one, so a `GET /me` of another user waited 100-200 ms behind them
(bench/ai.py, bench/PROFILE.md seventh round). An AI request takes a turn before it is
authenticated (AIJobView.initial) and gives it back when it starts waiting for its job (or when
it ends): at most N are in those steps, the others wait in the semaphore at no CPU and holding
no database connection (given back first: the requests holding turns need the pool). The
steps are CPU-bound, so N small costs no throughput. 0 switches turns off; with eager Celery
(`make run`, the job runs inside the request) there are none.
"""

import threading

from django.conf import settings
from rest_framework.views import APIView

from .connections import release_pooled_connection

_lock = threading.Lock()
_turns: tuple[int, threading.BoundedSemaphore] | None = None


def _semaphore(size: int) -> threading.BoundedSemaphore:
    global _turns
    with _lock:
        if _turns is None or _turns[0] != size:
            _turns = (size, threading.BoundedSemaphore(size))
        return _turns[1]


def turn_take(request) -> None:
    size = settings.AI_CREATE_CONCURRENCY
    if size <= 0 or settings.CELERY_TASK_ALWAYS_EAGER or getattr(request, "_ai_turn", None) is not None:
        return
    turns = _semaphore(size)
    if not turns.acquire(blocking=False):
        release_pooled_connection()
        turns.acquire()
    request._ai_turn = turns


def turn_give_back(request) -> None:
    turns = getattr(request, "_ai_turn", None)
    if turns is not None:
        request._ai_turn = None
        turns.release()


class AIJobView(APIView):
    """The base of a view whose POST answers with `ai_job_respond`: the POST takes a turn before
    authentication and gives it back at the latest when the request ends, whatever happened."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            turn_take(request)
        super().initial(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            turn_give_back(self.request)
