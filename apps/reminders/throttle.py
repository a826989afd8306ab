"""One send-rate limiter per bot, shared by every worker process and thread through Redis.

Each message reserves the next free slot: slots are `1/rate` seconds apart (rounded up, so
no one-second span holds more than `rate` messages), kept as one Redis key holding the next
free instant in Redis's own clock (`TIME`, so workers on machines with skewed clocks agree).
The caller sleeps until its slot. Without Redis (embedded mode, or Redis failing) a limiter
in the process takes over: exact for one worker process, `rate` per process otherwise."""

import logging
import math
import threading
import time

from django.conf import settings

logger = logging.getLogger("apps.reminders")

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.floor((slot + interval - now) / 1000) + 1000)
return slot - now
"""


def interval_us(rate: float) -> int:
    return math.ceil(1_000_000 / rate)


class LocalLimiter:
    """The same slots inside one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._free: dict[str, float] = {}

    def reserve(self, key: str, rate: float) -> float:
        with self._lock:
            now = time.perf_counter()  # a steady clock (and one that test clocks leave alone)
            slot = max(now, self._free.get(key, 0.0))
            self._free[key] = slot + interval_us(rate) / 1_000_000
            return slot - now


_local = LocalLimiter()
_script = None


def _redis_client():
    if not settings.REDIS_URL or "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def reserve(key: str, rate: float) -> float:
    """Seconds to wait before sending under `key` at `rate` messages per second."""
    global _script
    client = _redis_client()
    if client is not None:
        try:
            if _script is None:
                _script = client.register_script(_RESERVE)
            prefix = settings.CACHES["default"].get("KEY_PREFIX", "mechta")
            return int(_script(keys=[f"{prefix}:reminders:rate:{key}"], args=[interval_us(rate)], client=client)) / 1_000_000
        except Exception as exc:  # Redis down: keep sending, at the rate of this process
            logger.warning("shared send limiter unavailable (%s); using the in-process one", type(exc).__name__)
    return _local.reserve(key, rate)


def wait_turn(key: str, rate: float) -> None:
    delay = reserve(key, rate)
    if delay > 0:
        time.sleep(delay)  # the reserved slot: a timed wait, not synchronisation
