"""The shared send limiter: slots 1/rate apart in Redis's clock, shared by every caller."""

import os
import threading
import time

import pytest

from apps.reminders import throttle


def test_in_process_slots_are_spaced_by_the_rate():
    limiter = throttle.LocalLimiter()
    waits = [limiter.reserve("bot", 30) for _ in range(31)]
    assert waits[0] == 0
    # 31 messages need 30 gaps of window/30 s: the 31st may not go before one window has passed
    assert waits[30] == pytest.approx(throttle.window_seconds(), abs=0.01)
    assert all(b > a for a, b in zip(waits[1:], waits[2:], strict=False))


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_the_redis_limiter_is_shared_by_threads_and_holds_the_rate():
    """Four threads (as four workers would) reserve 60 slots at 30/s: together they need two
    seconds, and no one-second span holds more than 30 sends."""
    key = f"test-{time.time_ns()}"
    sends: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(15):
            throttle.wait_turn(key, 30)
            with lock:
                sends.append(time.perf_counter())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(sends) == 60
    assert time.perf_counter() - started >= 59 / 30 * throttle.window_seconds() - 0.05
    sends.sort()
    assert max(sum(1 for t in sends if s <= t < s + 1.0) for s in sends) <= 30


def test_without_redis_the_process_limiter_is_used(settings):
    settings.REDIS_URL = ""
    assert throttle._redis_client() is None
    assert throttle.reserve(f"x-{time.time_ns()}", 30) == 0


def test_the_cap_admits_at_most_rate_sends_in_any_second():
    limiter = throttle.LocalLimiter()
    admitted = [limiter.admit("bot", 30) for _ in range(31)]
    assert admitted[:30] == [0.0] * 30  # a burst of 30 fits in one window
    window = throttle.window_seconds()
    assert window - 0.1 < admitted[30] <= window + 1e-3  # the 31st waits for the first to leave it
