"""Server options side by side, in one run (issue 18 item 6): which web worker holds 256 AI
waits on a 2-core node and keeps the plain reads.

For each option (environment overrides of gunicorn.conf.py, the production config):

1. plain reads: wrk -c16 on the JSON 404 and GET /me, alternating the options BENCH_ROUNDS
   times (each cell the median of its rounds), and GET /me at c64 (p50 / p99);
2. the 256-wait scenario of bench/ai.py: BENCH_AI_WAITS users POST /wants/analyze at once
   against a BENCH_AI_DELAY s AI service while a reader GETs /me every 50 ms; one Celery worker
   (BENCH_AI_WORKER_POOL, threads by default) holds every call at once.

    DATABASE_URL=... REDIS_URL=... CELERY_BROKER_URL=... .venv/bin/python bench/servers.py

BENCH_SERVERS=name,name picks options. Results: bench/SERVERS.md. Loopback only; bounded.
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import ai  # noqa: E402
from bench import run as bench  # noqa: E402

# name -> (environment overrides, what it is)
OPTIONS = {
    "gevent": ({}, "gevent worker, WEB_CONNECTIONS 2000 (the default)"),
    "gthread": (
        {"WEB_WORKER_CLASS": "gthread", "WEB_THREADS": "64", "AI_MAX_WAITS_PER_PROCESS": "48"},
        "gthread, 64 threads, 48 waits per process (the old sizes)",
    ),
    "gthread-320": (
        {"WEB_WORKER_CLASS": "gthread", "WEB_THREADS": "320", "AI_MAX_WAITS_PER_PROCESS": "288"},
        "gthread, 320 threads, 288 waits per process",
    ),
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))


def plain_reads(env: dict, token: str, names: list[str]) -> dict:
    base = f"http://127.0.0.1:{env['PORT']}"
    auth = {"Authorization": f"Bearer {token}"}
    runs: dict[str, dict[str, list]] = {name: {"404": [], "me": [], "ratio": [], "c64": []} for name in names}
    for _round in range(ROUNDS):
        for name in names:
            server = ai.start_gunicorn(env, OPTIONS[name][0])
            try:
                bench.wrk(base + "/api/v1/me", auth, 16, 1)  # warm up
                before = bench.wrk(base + "/bench-unknown-path", {}, 16, SECONDS)["rps"]
                me = bench.wrk(base + "/api/v1/me", auth, 16, SECONDS)["rps"]
                after = bench.wrk(base + "/bench-unknown-path", {}, 16, SECONDS)["rps"]
                runs[name]["404"].append((before + after) / 2)
                runs[name]["me"].append(me)
                runs[name]["ratio"].append(me / ((before + after) / 2))
                runs[name]["c64"].append(bench.wrk(base + "/api/v1/me", auth, 64, SECONDS))
            finally:
                ai.stop(server)
    return runs


def main() -> None:
    names = [n for n in os.environ.get("BENCH_SERVERS", ",".join(OPTIONS)).split(",") if n]
    broker = ai.broker_url()
    if not ai.broker_reachable(broker):
        raise SystemExit(f"needs a Celery broker (Redis) at {broker}")
    web_port = bench.free_port()
    slow = ai.SlowAIProcess()
    with tempfile.TemporaryDirectory() as tmp:
        env = ai.server_env(Path(tmp), web_port, slow.url)
        tokens = ai.prepare(env)
        reads = plain_reads(env, tokens[-1], names)
        waits = {}
        workers = ai.Workers(env, max(ai.WAITS, 8))
        try:
            ai.wait_for_worker(env)
            for name in names:
                waits[name] = ai.slow_ai_run(env, tokens, ai.WAITS, OPTIONS[name][0], workers.pids)
        finally:
            workers.stop()
    slow.stop()

    print(f"\nServer options, 2 processes (one per core); wrk -c16 medians of {ROUNDS} alternating rounds; "
          f"{ai.WAITS} waits on a {ai.DELAY:g} s AI service, Celery {ai.WORKER_POOL} pool of {max(ai.WAITS, 8)}")
    print("| option | 404 req/s | /me req/s | /me ÷ 404 | /me c64 p50 / p99 ms | waits: statuses | "
          "latency min / median / max s | /me during p50 / p99 / max ms | verdict |")
    print("|---|---:|---:|---:|---:|---|---:|---:|---|")
    for name in names:
        r, w = reads[name], waits[name]
        c64 = sorted(r["c64"], key=lambda x: x["p99"])[len(r["c64"]) // 2]
        lat, during = w["latencies"], w["during"]
        missed = ai.waits_verdict(w)
        print(
            f"| {name}: {OPTIONS[name][1]} | {statistics.median(r['404']):.0f} | {statistics.median(r['me']):.0f} | "
            f"{statistics.median(r['ratio']):.2f} ({', '.join(f'{x:.2f}' for x in r['ratio'])}) | "
            f"{c64['p50']:.0f} / {c64['p99']:.0f} | {dict(sorted(w['statuses'].items()))} | "
            f"{lat[0]:.1f} / {statistics.median(lat):.1f} / {lat[-1]:.1f} | "
            f"{statistics.median(during):.0f} / {ai.percentile(during, 0.99):.0f} / {max(during):.0f} | "
            f"{'met' if not missed else 'missed: ' + '; '.join(missed)} |"
        )


if __name__ == "__main__":
    main()
