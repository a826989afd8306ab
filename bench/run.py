"""`make bench`: throughput of hot endpoints under gunicorn, next to a bare Django view.

Starts gunicorn (production settings, DEBUG=false) on a free loopback port against the
environment's DATABASE_URL / REDIS_URL (a throwaway SQLite file when unset), signs a user in,
then drives each endpoint from a bounded closed loop of client threads and prints req/s and
latency percentiles. The load generator shares the machine's cores: compare rows with each
other (ratios), not with other machines. Bounded: BENCH_SECONDS per endpoint (default 3).
"""

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(workdir: Path, port: int) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="mechta.settings.base",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        JWT_SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(workdir / "media"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict) -> str:
    """Migrate, seed, create a user and return an access token (run in a child process so the
    bench's own settings don't leak into the server's)."""
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    for command in ("seed_areas", "seed_achievements"):
        subprocess.run([py, "manage.py", command], cwd=ROOT, env=env, check=False, capture_output=True)
    script = (
        "from apps.accounts.models import User\n"
        "from apps.accounts.services import session_create\n"
        "u, _ = User.objects.get_or_create(email='bench@example.com', defaults={'is_email_verified': True})\n"
        "print(session_create(user=u, user_agent='bench')[1]['access_token'])\n"
    )
    out = subprocess.run([py, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def drive(url: str, headers: dict) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def worker():
        with httpx.Client(headers=headers, timeout=10) as client:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = client.get(url).status_code
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "rps": len(latencies) / SECONDS,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "statuses": statuses,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = server_env(workdir, port)
        token = prepare(env)
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "mechta.wsgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(f"{base}/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            auth = {"Authorization": f"Bearer {token}"}
            cases = [
                ("bare Django view (404 JsonResponse)", "/bench-bare-404", {}),
                ("DRF envelope, no auth (unknown /api path)", "/api/v1/nothing", {}),
                ("GET /api/v1/me (JWT + session + cache)", "/api/v1/me", auth),
                ("GET /api/v1/areas (cached)", "/api/v1/areas", auth),
                ("GET /api/v1/life_wheel (page of 20)", "/api/v1/life_wheel", auth),
                ("GET /api/v1/gamification/leaderboard", "/api/v1/gamification/leaderboard", auth),
            ]
            print(f"{SECONDS:.0f} s per endpoint, {THREADS} client threads, gunicorn workers={env['WEB_CONCURRENCY']}")
            print(f"{'endpoint':48} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  statuses")
            bare = None
            for name, path, headers in cases:
                r = drive(base + path, headers)
                bare = bare or r["rps"]
                print(f"{name:48} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f}  {r['statuses']}  ({r['rps'] / bare:.0%} of bare)")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
