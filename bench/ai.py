"""`make bench-ai`: a slow AI service must not stall the API.

Starts, on loopback only: an OpenAI-format chat-completions server that answers every call
after BENCH_AI_DELAY seconds (default 5), a Celery worker (threads pool) and gunicorn with the
production config (`make serve`), against the environment's PostgreSQL / Redis (a throwaway
SQLite file and Redis db 15 as broker when unset). Then, with BENCH_AI_CALLS users (default
32) each holding a completed wants exercise:

1. a reader calls GET /api/v1/me every 50 ms for 3 s: p50 / p99 before;
2. all users call POST /api/v1/wants/analyze at once while the reader goes on: each AI call's
   status and latency, and /me p50 / p99 during.

`BENCH_AI_COMPARE=1` first measures plain reads (wrk, 16 connections) under the sync and the
gthread worker classes in the same run, to show what the threads cost the other endpoints.
Bounded: every loop stops by itself; nothing leaves 127.0.0.1.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402

PY = sys.executable
DELAY = float(os.environ.get("BENCH_AI_DELAY", "5"))
CALLS = int(os.environ.get("BENCH_AI_CALLS", "32"))

ANALYSIS = {
    "summary": "You want health and a calmer career.",
    "top_wants": [{"text": "run a marathon", "area_id": "health", "intensity": 8}],
    "by_area": [{"area_id": "health", "insight": "Sport matters to you."}],
    "hidden_motives": ["freedom"],
    "recommended_focus_areas": ["health"],
}


class SlowAI(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(DELAY)
        body = json.dumps(
            {"model": "slow-bench", "choices": [{"message": {"role": "assistant", "content": json.dumps(ANALYSIS)}}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def broker_url() -> str:
    """CELERY_BROKER_URL, else db 15 of REDIS_URL's server (127.0.0.1:6379 when unset)."""
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    return os.environ.get("CELERY_BROKER_URL") or redis.rsplit("/", 1)[0] + "/15"


def server_env(workdir: Path, port: int, ai_url: str) -> dict:
    """bench/run.py's server environment plus a broker, the slow AI service and room in the quota."""
    env = bench.server_env(workdir, port)
    env.update(
        CELERY_BROKER_URL=broker_url(),
        AI_PROXY_URL=ai_url,
        AI_PROXY_TIMEOUT_SECONDS=str(max(10, DELAY * 3)),
        AI_PROXY_MAX_RETRIES="0",
        CELERY_QUEUE=f"bench-{port}",
        CACHE_KEY_PREFIX=f"bench-{port}",
        QUOTA_FREE_TEXT="1000",
    )
    return env


PREPARE = """
import json
from apps.accounts.models import User
from apps.accounts.services import session_create
from apps.wants.models import WantsRaw
from django.utils import timezone
tokens = []
for i in range({calls} + 1):
    user, _ = User.objects.get_or_create(email=f"bench-ai-{{i}}@example.com", defaults={{"is_email_verified": True}})
    if not WantsRaw.objects.filter(user=user, status="completed").exists():
        now = timezone.now()
        WantsRaw.objects.create(user=user, status="completed", raw_wants_stream="run a marathon",
            raw_future_me="calm", raw_envy="travel", raw_regrets="sport", raw_what_to_do_5y="business",
            stream_started_at=now, stream_completed_at=now, future_me_started_at=now,
            future_me_completed_at=now, reverse_completed_at=now, completed_at=now)
    tokens.append(session_create(user=user, user_agent="bench")[1]["access_token"])
print(json.dumps(tokens))
"""


def prepare(env: dict) -> list[str]:
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "seed_areas"], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", PREPARE.format(calls=CALLS)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


PRODUCTION_WORKER = "mechta.gunicorn_worker.BalancedThreadWorker"  # gunicorn.conf.py's default


def start_gunicorn(env: dict, worker_class: str) -> subprocess.Popen:
    server = bench.start_server({**env, "WEB_WORKER_CLASS": worker_class})
    bench.wait_up(f"http://127.0.0.1:{env['PORT']}")
    return server


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


def compare_workers(env: dict, token: str, rounds: int = 3) -> None:
    """Plain reads under sync and gthread workers, alternating `rounds` times; each cell is
    the best of its rounds (the load of a shared machine only ever lowers a run)."""
    base = f"http://127.0.0.1:{env['PORT']}"
    paths = [
        ("JSON 404", "/api/v1/nothing-here", {}),
        ("GET /me", "/api/v1/me", {"Authorization": f"Bearer {token}"}),
        ("GET /areas", "/api/v1/areas", {"Authorization": f"Bearer {token}"}),
    ]
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for label, worker_class in (("sync", "sync"), ("gthread", PRODUCTION_WORKER)):
            server = start_gunicorn(env, worker_class)
            try:
                for name, path, headers in paths:
                    bench.wrk(base + path, headers, 16, 1)  # warm up
                    rps = bench.wrk(base + path, headers, 16, 4)["rps"]
                    row = best.setdefault(name, {})
                    row[label] = max(rps, row.get(label, 0.0))
            finally:
                stop(server)
    print(f"\nPlain reads, wrk -t1 -c16, sync vs gthread (balanced) workers, best of {rounds} alternating rounds:")
    print(f"{'endpoint':12} {'sync req/s':>11} {'gthread req/s':>14} {'gthread/sync':>13}")
    for name, row in best.items():
        print(f"{name:12} {row['sync']:11.0f} {row['gthread']:14.0f} {row['gthread'] / row['sync']:13.2f}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def read_me(base: str, token: str, stop_event: threading.Event, out: list[float], max_seconds: float) -> None:
    deadline = time.monotonic() + max_seconds
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while not stop_event.is_set() and time.monotonic() < deadline:
            started = time.perf_counter()
            client.get(f"{base}/api/v1/me").raise_for_status()
            out.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)


def slow_ai_scenario(env: dict, tokens: list[str]) -> None:
    base = f"http://127.0.0.1:{env['PORT']}"
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "mechta", "worker", "--loglevel=WARNING", "--pool=threads",
         f"--concurrency={max(CALLS, 8)}", f"--queues={env['CELERY_QUEUE']}", f"--hostname=bench-{env['PORT']}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = start_gunicorn(env, env.get("WEB_WORKER_CLASS", PRODUCTION_WORKER))
    try:
        time.sleep(2)  # the worker connects to the broker
        reader_token, callers = tokens[-1], tokens[:CALLS]
        before: list[float] = []
        read_me(base, reader_token, threading.Event(), before, 3)

        during: list[float] = []
        done = threading.Event()
        reader = threading.Thread(target=read_me, args=(base, reader_token, done, during, DELAY * 10))
        results: list[tuple[int, float]] = []
        lock = threading.Lock()
        go = threading.Barrier(len(callers))

        def analyze(token: str) -> None:
            go.wait()
            started = time.perf_counter()
            status = httpx.post(f"{base}/api/v1/wants/analyze", headers={"Authorization": f"Bearer {token}"}, timeout=120).status_code
            with lock:
                results.append((status, time.perf_counter() - started))

        callers_threads = [threading.Thread(target=analyze, args=(token,)) for token in callers]
        reader.start()
        for thread in callers_threads:
            thread.start()
        for thread in callers_threads:
            thread.join()
        done.set()
        reader.join()
    finally:
        stop(server)
        stop(worker)

    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(seconds for _, seconds in results)
    print(f"\nSlow AI service ({DELAY:g} s per answer), {len(callers)} parallel POST /wants/analyze, gunicorn "
          f"{env.get('WEB_WORKER_CLASS', 'gthread (balanced)')} x {env.get('WEB_CONCURRENCY', 'cores')}, Celery threads pool:")
    print(f"  AI calls: statuses {statuses}; latency min {latencies[0]:.1f} s, median "
          f"{statistics.median(latencies):.1f} s, max {latencies[-1]:.1f} s")
    print(f"  GET /me before: p50 {statistics.median(before):.1f} ms, p99 {percentile(before, 0.99):.1f} ms (n={len(before)})")
    print(f"  GET /me during: p50 {statistics.median(during):.1f} ms, p99 {percentile(during, 0.99):.1f} ms (n={len(during)})")


def broker_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    if os.environ.get("BENCH_AI_COMPARE") and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package)")
    ai_port, web_port = bench.free_port(), bench.free_port()
    broker = broker_url()
    if not broker_reachable(broker):
        print(f"slow-AI scenario skipped: it needs a Celery broker (Redis), none answers at {broker}")
        return
    ai = ThreadingHTTPServer(("127.0.0.1", ai_port), SlowAI)
    ai.daemon_threads = True
    threading.Thread(target=ai.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(Path(tmp), web_port, f"http://127.0.0.1:{ai_port}")
        tokens = prepare(env)
        if os.environ.get("BENCH_AI_COMPARE"):
            compare_workers(env, tokens[-1])
        slow_ai_scenario(env, tokens)
    ai.shutdown()


if __name__ == "__main__":
    sys.exit(main())
