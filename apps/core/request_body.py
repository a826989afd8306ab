"""Read a request's body before anything else runs.

Django reads a body lazily, when the view parses it: by then authentication may have taken a
PostgreSQL connection from the process's pool (a session check the cache missed), and the
connection would stay taken for as long as a slow or stalled client takes to send the rest.
Reading the body first means a request whose body is still arriving holds only its greenlet
(gunicorn's gevent worker) and a file descriptor; each read waits at most
WEB_READ_TIMEOUT_SECONDS (gunicorn.conf.py), then the request ends as 400 BAD_REQUEST.

Only bodies with a Content-Length up to DATA_UPLOAD_MAX_MEMORY_SIZE that are not multipart are
read here (the API's JSON and the admin's forms); a larger one is refused later as 413 as before.
"""

import logging

from django.conf import settings
from django.http import JsonResponse, UnreadablePostError

from .envelope import error_envelope
from .exceptions import BadRequest

logger = logging.getLogger(__name__)


def _length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ReadBodyFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _length(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > 0 and (limit is None or length <= limit) and not request.content_type.startswith("multipart/"):
            try:
                request.body  # noqa: B018 - read and kept by the request for the view
            except (UnreadablePostError, OSError) as exc:
                logger.warning("Request body not received: %s", exc)
                return JsonResponse(error_envelope(BadRequest(), request), status=400)
        return self.get_response(request)
