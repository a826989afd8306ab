"""CPU per request, by process: where a read's cost goes (web worker, PostgreSQL, Redis, wrk).

Throughput ratios move with whatever else runs on the machine; CPU seconds per request barely
do. This starts the `make bench` server (bench/run.py: same settings, seed and token), drives
each path with wrk for BENCH_SECONDS and reads the CPU time (/proc/<pid>/stat, user + system)
that every gunicorn worker, every PostgreSQL backend, redis-server and wrk spent meanwhile,
divided by the requests wrk completed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mechta REDIS_URL=redis://127.0.0.1:6379/13 \
        .venv/bin/python bench/cpu.py [substring ...]

BENCH_ANSWER_CACHES (on|off, default off) picks the server's ANSWER_CACHES.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.paths import EXTRA_PATHS  # noqa: E402
from bench.run import BASELINE, HOT_READS, free_port, prepare, server_env, start_server, wait_up, wrk  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16").split(",")[0])


def _pids(name: str) -> list[int]:
    out = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _snapshot(server_pid: int) -> dict[str, float]:
    groups = {
        "web": _children(server_pid),
        "postgres": _pids("postgres"),
        "redis": _pids("redis-server"),
    }
    return {name: sum(_cpu(p) for p in pids) for name, pids in groups.items()}


def _self_children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def main() -> None:
    wanted = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = server_env(Path(tmp), port)
        env["ANSWER_CACHES"] = "true" if os.environ.get("BENCH_ANSWER_CACHES", "off") == "on" else "false"
        token = prepare(env)
        server = start_server(env)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_up(base)
            auth = {"Authorization": f"Bearer {token}"}
            cases = [(BASELINE[0], BASELINE[1], {})] + [
                (label, path, auth)
                for label, path in HOT_READS + EXTRA_PATHS
                if not wanted or any(w in path for w in wanted)
            ]
            wrk(base + BASELINE[1], {}, CONNECTIONS, 2)  # warm every worker
            print(f"wrk -c{CONNECTIONS} -d{SECONDS}s, ANSWER_CACHES={env['ANSWER_CACHES']}; CPU microseconds per request")
            print(f"{'endpoint':44} {'req/s':>7} {'web':>6} {'pg':>6} {'redis':>6} {'wrk':>6} {'total':>6}")
            for label, path, headers in cases:
                wrk(base + path, headers, CONNECTIONS, 1)  # warm this path
                before, wrk_before = _snapshot(server.pid), _self_children_cpu()
                result = wrk(base + path, headers, CONNECTIONS, SECONDS)
                after, wrk_after = _snapshot(server.pid), _self_children_cpu()
                n = max(result["requests"], 1)
                cost = {k: (after[k] - before[k]) / n * 1e6 for k in after}
                cost["wrk"] = (wrk_after - wrk_before) / n * 1e6
                print(
                    f"{label[:44]:44} {result['rps']:7.0f} {cost['web']:6.0f} {cost['postgres']:6.0f} "
                    f"{cost['redis']:6.0f} {cost['wrk']:6.0f} {sum(cost.values()):6.0f}"
                    + (f"  {result['non_2xx']} non-2xx" if result["non_2xx"] and headers else ""),
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
