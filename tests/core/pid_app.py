"""A WSGI app that answers the pid of the process serving it and how many objects that
process froze out of the garbage collector (tests/core/test_gunicorn_config.py)."""

import gc
import os
import time


def app(environ, start_response):
    time.sleep(0.001)  # a little work, so a process is busy for a moment
    body = f"{os.getpid()} {gc.get_freeze_count()}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
