"""Gunicorn for production: one gevent process per core, their database pools within
WEB_DB_CONNECTIONS.

Why gevent (bench/servers.py measures the options side by side; numbers in bench/SERVERS.md
and docs/decisions/0004-gevent-web-worker.md): a request is a greenlet, so a request that waits for
an AI job, a connection whose headers or body are still arriving and an idle keep-alive
connection each cost a few kilobytes and no thread. psycopg 3 (>= 3.1.14) sees gevent's
monkey-patching and waits cooperatively, redis-py and httpx go through the patched sockets,
and the PostgreSQL pool (DB_POOL_MAX_SIZE per process) queues the requests that need the
database in arrival order. WEB_WORKER_CLASS=gthread (with WEB_THREADS) restores a thread pool.

Slow clients: a request's headers must arrive within `keepalive` seconds (gunicorn's async
workers read them under that timeout), and every read of its body, like every write of the
answer, within WEB_READ_TIMEOUT_SECONDS (`pre_request` below). Until then it holds a greenlet
of WEB_CONNECTIONS per process and nothing else: no database connection, no thread.
"""

import multiprocessing
import os
import resource

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# PostgreSQL connections all web processes of this node may hold together (README: size
# max_connections from it). Each process gets an equal share of it: its pool (at most 12) plus
# the one connection it reads the cache epoch on (apps/core/cacheepoch.py).
WEB_DB_CONNECTIONS = int(os.environ.get("WEB_DB_CONNECTIONS", "200"))
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count(), WEB_DB_CONNECTIONS // 2)))
worker_class = os.environ.get("WEB_WORKER_CLASS", "gevent")
# gevent: connections (open, idle or waiting for AI) one process holds; past it the process
# stops accepting and its siblings take the new ones.
worker_connections = int(os.environ.get("WEB_CONNECTIONS", "2000"))
# gthread only (WEB_WORKER_CLASS=gthread).
threads = int(os.environ.get("WEB_THREADS", "64"))
# AI waits are greenlets: one process may hold many (past it 503 AI_BUSY).
os.environ.setdefault("AI_MAX_WAITS_PER_PROCESS", str(worker_connections // 4) if worker_class == "gevent" else "48")
# PostgreSQL: a pool per process bounds the connections however many requests run (settings).
DB_POOL_MAX_SIZE = int(os.environ.setdefault("DB_POOL_MAX_SIZE", str(min(12, WEB_DB_CONNECTIONS // workers - 1))))
# DB_POOL_MAX_SIZE=0: no pool, one persistent connection per thread (CONN_MAX_AGE), unbounded.
if DB_POOL_MAX_SIZE < 0 or workers * (DB_POOL_MAX_SIZE + 1) > WEB_DB_CONNECTIONS:
    raise RuntimeError(
        f"{workers} web processes x (DB_POOL_MAX_SIZE={DB_POOL_MAX_SIZE} + 1) exceed WEB_DB_CONNECTIONS="
        f"{WEB_DB_CONNECTIONS}: lower WEB_CONCURRENCY or DB_POOL_MAX_SIZE, or raise the budget"
    )
# AI endpoints wait for their job until its deadline: AI_PROXY_TIMEOUT_SECONDS + 30, plus a margin.
timeout = int(float(os.environ.get("AI_PROXY_TIMEOUT_SECONDS", "60")) + 60)
# Idle keep-alive connections close after this; it also bounds the time a request's headers take.
keepalive = 5
READ_TIMEOUT = float(os.environ.get("WEB_READ_TIMEOUT_SECONDS", "10"))
accesslog = "-"
# The request id (the X-Request-ID response header) on every access line.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
errorlog = "-"


def on_starting(server):
    """Every connection is a file descriptor: lift the soft limit (often 1,024) to the hard one
    so WEB_CONNECTIONS per process fit; the workers inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = workers * worker_connections + 1024
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard == resource.RLIM_INFINITY else min(hard, wanted), hard))


def pre_request(worker, req):
    """A body that stops arriving (or an answer nobody reads) fails the request after
    READ_TIMEOUT seconds of silence instead of holding its greenlet for ever."""
    sock = getattr(req.unreader, "sock", None)
    if sock is not None:
        sock.settimeout(READ_TIMEOUT)


def post_worker_init(worker):
    """The loaded application's objects (~130,000) are permanent: freeze them out of the
    collector's full passes, which took ~36 ms each and stalled every queued request of the
    process (measured: the p99 at 64 connections)."""
    import gc

    gc.freeze()


def post_request(worker, req, environ, resp):
    """gevent: once an answer is sent, the connection's next request waits until every other
    greenlet with work ready has run. A greenlet whose client answers at once otherwise finds its
    next request already there and serves it without ever yielding: at 64 keep-alive
    connections a few of them were served again and again while others waited, and the JSON
    404's p99 was 1.0-1.8 s against a p50 of 1 ms. With `gevent.idle()` here it is 2-4x its
    p50, like every read's (bench/PROFILE.md, eighth round). The answer already went out, so
    no client waits for this call; only a connection's next request queues behind the others.
    `gevent.sleep(0)` was not enough: it resumes before the loop polls the other sockets."""
    if worker_class == "gevent":
        import gevent

        gevent.idle()
