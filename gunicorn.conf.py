"""Gunicorn for production: one sync worker per core measured best here (PERFORMANCE.md)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
# AI endpoints wait for their task: AI_PROXY_TIMEOUT_SECONDS + 30, plus a margin.
timeout = int(float(os.environ.get("AI_PROXY_TIMEOUT_SECONDS", "60")) + 60)
keepalive = 5
accesslog = "-"
# The request id (the X-Request-ID response header) on every access line.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
errorlog = "-"
