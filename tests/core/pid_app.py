"""A WSGI app that answers the pid of the process serving it (tests/core/test_gunicorn_worker.py)."""

import os
import time


def app(environ, start_response):
    time.sleep(0.001)  # a little work, so a process is busy for a moment
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
