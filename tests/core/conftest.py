"""Requests through the servers' WSGI application itself (mechta.wsgi), in-process."""

import io
import json
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from mechta.wsgi import application


@pytest.fixture
def wsgi_request(db):
    """A request through the WSGI application: (status code, the body parsed when it is JSON)."""
    # Like Django's test client: keep the test transaction's connection open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(path: str, token: str | None = None, *, method="GET", query="", body=None) -> tuple[int, dict]:
        data = b"" if body is None else json.dumps(body).encode()
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "wsgi.version": (1, 0),
        }
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if body is not None:
            environ.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(data)))
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            content = b"".join(body)
        finally:
            body.close()
        return int(statuses[0].split()[0]), json.loads(content) if content.startswith(b"{") else content

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
