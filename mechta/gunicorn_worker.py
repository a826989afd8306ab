"""gunicorn's gthread worker, with new connections spread evenly over the processes.

All worker processes accept from one listening socket. With the stock gthread worker the
process that is already running accepts a whole burst of new keep-alive connections (wrk, a
proxy's upstream pool, an app reconnecting) before a sibling gets a core to wake on, and then
serves all of them on one core while the other cores idle: measured with wrk -c16 on 2 cores,
`GET /me` ran at ~700 or ~1,500 req/s depending only on how the 16 connections had landed
(16/0 against 12/4).

Here each process publishes how many connections it holds in a small table shared by all of
them (created in the master, inherited by fork). A process holding more than its least loaded
sibling leaves a waiting connection to that sibling: it pauses PAUSE seconds and looks again,
and takes the connection itself after DEFER_LIMIT, so a connection never waits longer than
that, also when a sibling is stuck or has just died.
"""

import multiprocessing
import os
import time

from gunicorn.workers.gthread import ThreadWorker

PAUSE = 0.0005
DEFER_LIMIT = 0.05
MAX_WORKERS = 256

# Created when the master imports this class (before it forks the workers).
_lock = multiprocessing.Lock()
_pids = multiprocessing.RawArray("i", MAX_WORKERS)  # 0: a free slot
_conns = multiprocessing.RawArray("i", MAX_WORKERS)
_slots_used = multiprocessing.RawValue("i", 0)  # slots beyond it were never taken


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True


class BalancedThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._slot = None
        self._deferring_since = 0.0
        self._last_pause = 0.0

    def init_process(self):
        pid = os.getpid()
        with _lock:  # the slot of a worker that exited (or a free one)
            for slot in range(MAX_WORKERS):
                if _pids[slot] == 0 or not _alive(_pids[slot]):
                    _pids[slot], _conns[slot] = pid, 0
                    _slots_used.value = max(_slots_used.value, slot + 1)
                    self._slot = slot
                    break
        super().init_process()

    def notify(self):  # once per turn of the main loop
        super().notify()
        self._publish()

    def finish_request(self, fs):  # in a pool thread, when a request ends or a connection closes
        super().finish_request(fs)
        self._publish()  # at once: the main loop may sleep in select() for a second

    def _publish(self):
        if self._slot is not None:
            _conns[self._slot] = self.nr_conns

    def _more_loaded_than_a_sibling(self) -> bool:
        mine = self.nr_conns
        for slot in range(_slots_used.value):
            pid = _pids[slot]
            if pid and slot != self._slot and _conns[slot] < mine:
                if _alive(pid):
                    return True
                with _lock:  # a sibling that exited and was not replaced (fewer workers now)
                    if _pids[slot] == pid:
                        _pids[slot] = 0
        return False

    def accept(self, server, listener):
        if self._slot is not None and self._more_loaded_than_a_sibling():
            now = time.monotonic()
            if now - self._last_pause > 4 * PAUSE:  # a new wait, not the same connection again
                self._deferring_since = now
            if now - self._deferring_since < DEFER_LIMIT:
                time.sleep(PAUSE)
                self._last_pause = time.monotonic()
                return
        super().accept(server, listener)
        self._publish()
