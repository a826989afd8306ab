"""`make bench`: throughput and latency of the hot reads under gunicorn, driven by wrk.

Starts gunicorn (the `make serve` config: gunicorn.conf.py, DEBUG=false) on a free loopback
port, against PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (a throwaway SQLite
file and the local-memory cache otherwise), seeds realistic data (bench/seed.py), then runs
wrk against every hot read at 16 and at 64 connections and prints req/s, p50 and p99, and
each read's throughput as a ratio to the project's own JSON 404 for an unknown path (all
middleware included) measured in the same run: the 404 runs again between the rows, and each
ratio is the median of several runs, each divided by the 404 runs right before and after it
(the machine's load drifts).

The load generator must be compiled: a Python client tops out near 650 req/s here and
measures itself. Install wrk from Debian's packages: `apt-get install wrk`.

Environment (all optional):
  BENCH_SECONDS       seconds per wrk run (default 3)
  BENCH_ROUNDS        runs of each row at each connection count (default 3). At the first, each
                      run sits between two runs of the 404 and the ratio is the median of the
                      runs' ratios; at the others the tail (p99/p50) is the median run's
  BENCH_CONNECTIONS   connection counts, comma-separated (default "16,64")
  BENCH_WRK_THREADS   wrk threads (default 1: the load generator shares the cores)
  BENCH_DATABASE_URL  database to seed and serve; default: DATABASE_URL's server with the
                      database `<name>_bench` (created when missing), or a throwaway SQLite
  WEB_CONCURRENCY     gunicorn workers (default: gunicorn.conf.py's, one per core)
  BENCH_GUNICORN_ARGS extra gunicorn arguments for a bench only, e.g. "-k gthread --threads 4"
                      (gunicorn.conf.py itself is not changed)
  BENCH_SERVER_LOG    a file for gunicorn's error log (default: discarded)
  BENCH_ONLY          comma-separated substrings: run only the matching rows (the 404 always)
  BENCH_ANSWER_CACHES "on", "off" or "on,off" (default): the answer caches on (production), then
                      every row again against a server with ANSWER_CACHES=false, so a cache
                      cannot hide a slow read (issue 19)

`python bench/run.py --profile [substring ...]` profiles one request of each hot read
in-process instead (bench/profiling.py; the findings are in bench/PROFILE.md).

Extra paths (lists of modules merged later) come from bench/paths.py; a path answering 404
is skipped with a note. Timings live here, never in tests; tests assert query counts.
"""

import os
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.paths import EXTRA_PATHS, NOT_LISTS, SPEC_CACHED, WHOLE_LIST_P50_MS, WHOLE_LISTS  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARM_SECONDS = 1
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "16,64").split(",") if c.strip()]
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "1"))
ONLY = [s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()]

BASELINE = ("JSON 404, unknown path (all middleware)", "/bench-unknown-path", False)
HOT_READS = [
    ("GET /me", "/api/v1/me"),
    ("GET /areas", "/api/v1/areas"),
    ("GET /life_wheel (page of 20)", "/api/v1/life_wheel"),
    ("GET /wants/progress", "/api/v1/wants/progress"),
    ("GET /gamification/profile", "/api/v1/gamification/profile"),
    ("GET /gamification/leaderboard", "/api/v1/gamification/leaderboard"),
    ("GET /esoterics/today", "/api/v1/esoterics/today"),
]
# Done means (issues 12 and 19): ratios at the first connection count, p99/p50 at the last one.
# Caches on: /me >= 0.40, a read answered from its cache >= 0.45, any other read >= 0.30.
# Caches off (ANSWER_CACHES=false): every list >= 0.30; the reads that are no lists
# (bench/paths.py NOT_LISTS) are shown without a target, and the spec's cached areas catalog
# (SPEC_CACHED) is not run again.
TARGET_RATIO = {"/api/v1/me": 0.40}
CACHED_READS = {
    "/api/v1/areas",
    "/api/v1/wants/progress",
    "/api/v1/gamification/profile",
    "/api/v1/gamification/leaderboard",
    "/api/v1/rituals/today",
}
TARGET_CACHED = 0.45
TARGET_RATIO_DEFAULT = 0.30
TARGET_TAIL = 3.0
MODES = [m.strip() for m in os.environ.get("BENCH_ANSWER_CACHES", "on,off").split(",") if m.strip()]


def target_of(path: str, caches: str) -> float | None:
    if path in WHOLE_LISTS:
        return None  # its target is the p50 on one connection (run())
    if caches == "off":
        return None if path.split("?")[0] in NOT_LISTS else TARGET_RATIO_DEFAULT
    if path in TARGET_RATIO:
        return TARGET_RATIO[path]
    return TARGET_CACHED if path in CACHED_READS else TARGET_RATIO_DEFAULT


def wrk_missing() -> None:
    sys.exit(
        "make bench needs wrk, a compiled HTTP load generator (a Python client measures itself).\n"
        "Install it from Debian's packages:  apt-get install -y wrk"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_database_url(workdir: Path) -> str:
    """BENCH_DATABASE_URL, else `<db>_bench` on DATABASE_URL's PostgreSQL server (created if
    missing, so the bench never seeds a real database), else a throwaway SQLite file."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "mechta") + "_bench"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_env(workdir: Path, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_database_url(workdir),
        DJANGO_SETTINGS_MODULE="mechta.settings.base",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        JWT_SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(workdir / "media"),
        HOST="127.0.0.1",
        PORT=str(port),
        CACHE_KEY_PREFIX="bench",
        ACCESS_TOKEN_EXPIRE_MINUTES="240",
        LOG_LEVEL="WARNING",
    )
    env.pop("CELERY_BROKER_URL", None)  # the hot reads queue nothing; no worker needed
    return env


def prepare(env: dict) -> str:
    """Migrate, seed (bench/seed.py) and return the bench user's access token. Child
    processes, so the bench's own imports never leak into the server's settings."""
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    for command in ("seed_areas", "seed_achievements"):
        subprocess.run([py, "manage.py", command], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run([py, "bench/seed.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def get_status(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, headers: dict, connections: int, seconds: int) -> dict:
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        sys.exit(f"unexpected wrk output:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "requests": total,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def start_server(env: dict) -> subprocess.Popen:
    extra = shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
    log = open(os.environ["BENCH_SERVER_LOG"], "ab") if os.environ.get("BENCH_SERVER_LOG") else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", *extra, "mechta.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log stays on, as in `make serve`
        stderr=log,  # BENCH_SERVER_LOG=file keeps the server's errors
    )


def wait_up(base: str) -> None:
    for _ in range(300):
        try:
            get_status(f"{base}/health", {})
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not come up")


def main() -> None:
    profile = sys.argv[1:2] == ["--profile"]
    if shutil.which("wrk") is None and not profile:
        wrk_missing()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = server_env(workdir, port)
        print(f"database: {env['DATABASE_URL'].split('@')[-1]}   cache: {env.get('REDIS_URL') or 'local memory'}")
        token = prepare(env)
        if profile:
            wanted = sys.argv[2:]
            paths = [p for _l, p, _a in [BASELINE]] + [p for _l, p in HOT_READS + EXTRA_PATHS]
            paths = [p for p in paths if not wanted or p == BASELINE[1] or any(w in p for w in wanted)]
            env["BENCH_TOKEN"] = token
            subprocess.run([sys.executable, "bench/profiling.py", *paths], cwd=ROOT, env=env, check=True)
            return
        failures = []
        for caches in MODES:
            env["ANSWER_CACHES"] = "true" if caches == "on" else "false"
            print(f"\n== answer caches {caches} (ANSWER_CACHES={env['ANSWER_CACHES']})")
            server = start_server(env)
            try:
                failures += run(f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}, env, caches)
            finally:
                server.terminate()
                server.wait(10)
        print()
        print(
            f"targets: /me >= {TARGET_RATIO['/api/v1/me']:.2f}x, reads answered from a cache >= {TARGET_CACHED:.2f}x, "
            f"other reads >= {TARGET_RATIO_DEFAULT:.2f}x; with the caches off every list >= {TARGET_RATIO_DEFAULT:.2f}x; "
            f"whole 200-row lists p50 < {WHOLE_LIST_P50_MS:.0f} ms at c1; "
            f"p99 <= {TARGET_TAIL:.0f}x p50 at c{CONNECTIONS[-1]}, all 2xx"
        )
        print("all targets met" if not failures else "targets missed:\n  " + "\n  ".join(failures))


def run(base: str, auth: dict, env: dict, caches: str = "on") -> list[str]:
    wait_up(base)
    cases = [(label, path, True) for label, path in HOT_READS] + [(label, path, True) for label, path in EXTRA_PATHS]
    cases = [c for c in cases if not ONLY or any(s in c[1] for s in ONLY)]
    if caches == "off":
        cases = [c for c in cases if c[1].split("?")[0] not in SPEC_CACHED]
    workers = env.get("WEB_CONCURRENCY") or f"{os.cpu_count()} (one per core)"
    print(
        f"wrk -t{WRK_THREADS} -c{{{','.join(map(str, CONNECTIONS))}}} -d{SECONDS}s; gunicorn workers={workers}"
        + (f" args={os.environ['BENCH_GUNICORN_ARGS']!r}" if os.environ.get("BENCH_GUNICORN_ARGS") else "")
    )
    # Warm every worker (imports, connections, caches) before the first measurement.
    for _label, path, authed in [BASELINE, *cases]:
        get_status(base + path, auth if authed else {})
    wrk(base + BASELINE[1], {}, CONNECTIONS[0], 2)

    head = "".join(f" | {'c' + str(c) + ' req/s':>11} {'p50 ms':>7} {'p99 ms':>7}" for c in CONNECTIONS)
    print(f"{'endpoint':40}{head} | {'ratio':>6}  notes")
    failures = []
    runnable = []
    for label, path, _authed in cases:
        status = get_status(base + path, auth)
        if status == 404 and (label, path) in EXTRA_PATHS:
            print(f"{label:40} skipped: {path} answers 404 (its app is not merged here)")
        elif not 200 <= status < 300:
            failures.append(f"{label}: answers {status}")
            print(f"{label:40} skipped: answers {status}")
        else:
            runnable.append((label, path))

    # The ratio is measured in ROUNDS interleaved pairs at the first connection count: the 404
    # runs before the row's first run, between its runs and after its last, and each run of the
    # row is divided by the mean of the two 404 runs around it; the ratio is the median of
    # those. Load that drifts during the run (other work on this shared machine) moves both
    # sides of a pair alike, and one disturbed run cannot move the median.
    def baseline_run() -> dict:
        return wrk(base + BASELINE[1], {}, CONNECTIONS[0], SECONDS)

    def show(label: str, results: list[dict], ratio: float, notes: list[str]) -> None:
        cols = "".join(f" | {r['rps']:11.0f} {r['p50']:7.2f} {r['p99']:7.2f}" for r in results)
        print(f"{label:40}{cols} | {ratio:5.2f}x  {'; '.join(notes)}", flush=True)

    baseline_full = [wrk(base + BASELINE[1], {}, c, SECONDS) for c in CONNECTIONS]
    show(BASELINE[0], baseline_full, 1.0, ["(first run; it runs again around every run of each row)"])
    baselines = [baseline_run()["rps"]]
    for label, path in runnable:
        wrk(base + path, auth, CONNECTIONS[0], WARM_SECONDS)  # warm: not measured
        paired, ratios = [], []
        for _round in range(ROUNDS):
            paired.append(wrk(base + path, auth, CONNECTIONS[0], SECONDS))
            baselines.append(baseline_run()["rps"])
            ratios.append(paired[-1]["rps"] / ((baselines[-2] + baselines[-1]) / 2))
        first = sorted(paired, key=lambda r: r["rps"])[len(paired) // 2]  # the median run
        others = [[wrk(base + path, auth, c, SECONDS) for _round in range(ROUNDS)] for c in CONNECTIONS[1:]]
        # The run with the median tail (p99 / p50) of its connection count.
        results = [first] + [sorted(runs, key=lambda r: r["p99"] / r["p50"])[len(runs) // 2] for runs in others]
        ratio = statistics.median(ratios)
        last = results[-1]
        notes = [f"pairs {', '.join(f'{r:.2f}' for r in ratios)}"]
        if len(CONNECTIONS) > 1:
            tails = ", ".join(f"{r['p99'] / r['p50']:.1f}" for r in others[-1])
            notes.append(f"c{CONNECTIONS[-1]} p99/p50 {tails}")
        bad = sum(r["non_2xx"] + r["errors"] for r in paired + [r for runs in others for r in runs])
        if bad:
            notes.append(f"{bad} non-2xx/errors")
            failures.append(f"{label} (caches {caches}): {bad} non-2xx responses or socket errors")
        target = target_of(path, caches)
        if path in WHOLE_LISTS:
            single = wrk(base + path, auth, 1, SECONDS)
            notes.append(f"c1 p50 {single['p50']:.1f} ms")
            if single["p50"] >= WHOLE_LIST_P50_MS:
                notes.append(f"above {WHOLE_LIST_P50_MS:.0f} ms")
                failures.append(f"{label} (caches {caches}): p50 {single['p50']:.1f} ms at c1 >= {WHOLE_LIST_P50_MS:.0f} ms")
        elif target is None:
            notes.append("no target (no list)")
        elif ratio < target:
            notes.append(f"below {target:.2f}x")
            failures.append(f"{label} (caches {caches}): ratio {ratio:.2f} < {target:.2f}")
        if last["p99"] > TARGET_TAIL * last["p50"]:
            notes.append(f"p99 > {TARGET_TAIL:.0f}x p50 at c{CONNECTIONS[-1]}")
            failures.append(
                f"{label} (caches {caches}): p99 {last['p99']:.1f} ms > {TARGET_TAIL:.0f}x p50 {last['p50']:.1f} ms"
            )
        show(label, results, ratio, notes)
    print(f"JSON 404 at c{CONNECTIONS[0]}, all its runs: " + ", ".join(f"{b:.0f}" for b in baselines) + " req/s")
    print(
        f"c{CONNECTIONS[0]} columns: the median of the row's {ROUNDS} runs; `pairs`: each run's ratio to the 404 runs "
        f"around it; other columns: of {ROUNDS} runs, the one with the median p99/p50 (all listed in the notes)"
    )
    print(
        f"ratio = the median over {ROUNDS} runs of req/s at c{CONNECTIONS[0]} / the JSON 404's (its runs just before and after)"
    )
    return failures


if __name__ == "__main__":
    main()
