"""Gunicorn for production: one process per core, each with a pool of threads.

Why threads (bench/ai.py measures both, numbers in the README): a request that waits for an
AI job sleeps in its thread — no CPU, no database connection — so a slow AI service never
takes the web workers from the other endpoints. At most AI_MAX_WAITS_PER_PROCESS threads of a
process wait for AI at once (then 503 AI_BUSY); the rest serve everything else. For plain
reads the thread pool costs little next to sync workers (same process count: one per core).
The worker class is gthread's, spreading new keep-alive connections over the processes
(mechta/gunicorn_worker.py); WEB_WORKER_CLASS=gthread or sync restores a stock one.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("WEB_WORKER_CLASS", "mechta.gunicorn_worker.BalancedThreadWorker")
# More threads than AI waits, so AI waits never take the last threads of a process.
threads = int(os.environ.get("WEB_THREADS", "64"))
# Of those threads, this many run a request at once, the rest queue in arrival order (a
# request waiting for an AI job steps aside while it sleeps): apps/core/gate.py.
os.environ.setdefault("WEB_ACTIVE_REQUESTS", "2")
# PostgreSQL: a pool per process bounds the connections whatever WEB_THREADS is (settings).
os.environ.setdefault("DB_POOL_MAX_SIZE", "12")
# AI endpoints wait for their job until its deadline: AI_PROXY_TIMEOUT_SECONDS + 30, plus a margin.
timeout = int(float(os.environ.get("AI_PROXY_TIMEOUT_SECONDS", "60")) + 60)
keepalive = 5
accesslog = "-"
# The request id (the X-Request-ID response header) on every access line.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
errorlog = "-"


def post_worker_init(worker):
    """The loaded application's objects (~130,000) are permanent: freeze them out of the
    collector's full passes, which took ~36 ms each and stalled every queued request of the
    process (measured: the p99 at 64 connections)."""
    import gc

    gc.freeze()
