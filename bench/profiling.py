"""Where one request's time goes: `python bench/run.py --profile [path-substring ...]`.

Run by bench/run.py in a child process with the bench server's environment (same settings,
database and cache, seeded data). Calls the WSGI application in-process (no HTTP, no
gunicorn): per path the mean time of one request, the database queries and cache calls it
made, and the top functions of a cProfile over many requests.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mechta.settings.base")

from django.db import connection  # noqa: E402

from mechta.wsgi import application  # noqa: E402  (the server's handler, routes remembered)

N = int(os.environ.get("BENCH_PROFILE_REQUESTS", "300"))
TOP = int(os.environ.get("BENCH_PROFILE_TOP", "18"))  # 0: timings only, no cProfile


def environ(path: str, token: str | None) -> dict:
    path, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return env


def call(path: str, token: str | None) -> str:
    status = []
    body = application(environ(path, token), lambda s, h, exc_info=None: status.append(s))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return status[0]


def main() -> None:
    token = os.environ["BENCH_TOKEN"]
    paths = [(p, None if p.startswith("/bench") else token) for p in sys.argv[1:]]
    for path, tok in paths:
        for _ in range(20):  # warm: imports, connection, caches
            status = call(path, tok)
        queries: list[str] = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            call(path, tok)
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(N):
            call(path, tok)
        mean_us = (time.perf_counter() - started) / N * 1e6
        cpu_us = (time.process_time() - cpu_started) / N * 1e6  # this process only: no PostgreSQL, no Redis
        if os.environ.get("BENCH_CALLTREE"):
            from bench.calltree import MIN_CALLS, call_tree

            print(f"\n===== GET {path}: {status}")
            call_tree(call, path, tok, min_calls=MIN_CALLS)
            continue
        if not TOP:  # timings, and the Python function calls of one request (a count the load cannot move)
            profiler = cProfile.Profile()
            profiler.runcall(call, path, tok)
            calls = pstats.Stats(profiler).total_calls
            print(f"GET {path}: {status}, {mean_us:.0f} us per request in-process ({cpu_us:.0f} us CPU), "
                  f"{len(queries)} queries, {calls} Python calls", flush=True)
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(N):
            call(path, tok)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(os.environ.get("BENCH_PROFILE_SORT", "tottime"))
        stats.print_stats(TOP)
        print(f"\n===== GET {path}: {status}, {mean_us:.0f} us per request in-process ({cpu_us:.0f} us CPU), {len(queries)} queries")
        for sql in queries:
            print(f"   sql: {sql[:160]}")
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print("\n".join(lines[start : start + TOP + 1]))


if __name__ == "__main__":
    main()
