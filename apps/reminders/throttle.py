"""One send-rate limiter per bot, shared by every worker process and thread through Redis.

Two steps, both in Redis's own clock (`TIME`, so workers on machines with skewed clocks agree):

1. pacing — each message reserves the next free slot, slots `window/rate` seconds apart, and
   the caller sleeps until its slot: sends are spread evenly instead of in bursts;
2. the cap — right before the request, the send is admitted only while the last `window`
   seconds hold fewer than `rate` admitted sends (a sorted set of send instants); otherwise the
   caller waits until the oldest leaves the window.

`window` is one second plus REMINDERS_TELEGRAM_JITTER_SECONDS (0.3): a request admitted at its
instant reaches the Bot API a little later, by a delay that varies (thread scheduling, the
connection), so requests admitted a second apart can arrive closer together. Measured at a Bot
API stand-in (bench/reminders.py) with a one-second window, the busiest second held 35 arrivals
at a limit of 30; with a 0.2 s margin, 30 or 31 (31 in one run of three on 2026-12-07); with
0.3 s, 28 and 29 in two runs. The margin keeps the arrivals, not only the admissions, under the
limit, at the price of a mean rate of rate/window (23 per second at 30).

Without Redis (embedded mode, or Redis failing) the same two steps run in the process: exact
for one worker process, `rate` per process otherwise."""

import collections
import logging
import math
import threading
import time
import uuid

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


_ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
"""


def limit_of(rate: float) -> int:
    return max(1, int(rate))


def window_seconds() -> float:
    """The span in which at most `rate` sends are admitted (module docstring)."""
    return 1.0 + max(0.0, settings.REMINDERS_TELEGRAM_JITTER_SECONDS)


def interval_us(rate: float) -> int:
    return math.ceil(window_seconds() * 1_000_000 / limit_of(rate))


class LocalLimiter:
    """The same slots inside one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._free: dict[str, float] = {}
        self._sent: dict[str, collections.deque] = {}

    def reserve(self, key: str, rate: float) -> float:
        with self._lock:
            now = time.perf_counter()  # a steady clock (and one that test clocks leave alone)
            slot = max(now, self._free.get(key, 0.0))
            self._free[key] = slot + interval_us(rate) / 1_000_000
            return slot - now

    def admit(self, key: str, rate: float) -> float:
        with self._lock:
            now = time.perf_counter()
            sent = self._sent.setdefault(key, collections.deque())
            window = window_seconds()
            while sent and sent[0] <= now - window:
                sent.popleft()
            if len(sent) < limit_of(rate):
                sent.append(now)
                return 0.0
            return sent[0] + window - now + 1e-6


_local = LocalLimiter()
_scripts: dict[str, object] = {}


def _redis_client():
    if not settings.REDIS_URL or "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _run(name: str, source: str, key: str, args: list):
    """Run a Lua script on the shared Redis; None when there is none (or it fails)."""
    client = _redis_client()
    if client is None:
        return None
    try:
        if name not in _scripts:
            _scripts[name] = client.register_script(source)
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "mechta")
        return int(_scripts[name](keys=[f"{prefix}:reminders:{name}:{key}"], args=args, client=client)) / 1_000_000
    except Exception as exc:  # Redis down: keep sending, at the rate of this process
        logger.warning("shared send limiter unavailable (%s); using the in-process one", type(exc).__name__)
        return None


def reserve(key: str, rate: float) -> float:
    """Seconds to wait for this message's pacing slot under `key` at `rate` per second."""
    delay = _run("rate", _RESERVE, key, [interval_us(rate)])
    return _local.reserve(key, rate) if delay is None else delay


def admit(key: str, rate: float) -> float:
    """0 when a send may go now (and it is counted), else the seconds to wait and ask again."""
    wait = _run("window", _ADMIT, key, [limit_of(rate), uuid.uuid4().hex, int(window_seconds() * 1_000_000)])
    return _local.admit(key, rate) if wait is None else wait


def wait_turn(key: str, rate: float, *, max_wait: float = 60.0) -> None:
    """Block until a message may be sent under `key`: its pacing slot, then the hard cap."""
    delay = reserve(key, rate)
    if delay > 0:
        time.sleep(min(delay, max_wait))  # the reserved slot: a timed wait, not synchronisation
    while (wait := admit(key, rate)) > 0:
        time.sleep(min(wait, max_wait))
