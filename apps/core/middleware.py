import uuid

from django.contrib.auth import middleware as _auth
from django.contrib.messages import middleware as _messages
from django.contrib.sessions import middleware as _sessions

from .logging import request_id_var


def request_id_from(header: str | None) -> str:
    """The incoming X-Request-ID when it is a valid UUID, else a new UUID4."""
    if header and len(header) <= 64:
        try:
            return str(uuid.UUID(header))
        except ValueError:
            pass
    return str(uuid.uuid4())


class ReleaseViewMiddleware:
    """Frees a DRF request's objects as soon as it is answered, instead of at the collector's
    next pass. DRF links them in cycles: the view holds the Request and the Response (and
    `head`, a method bound to itself), the Request's `parser_context` holds the view and the
    Request, the Response's `renderer_context` the view and the Request. So each answered
    request left ~45 objects (its WSGIRequest, body stream and user among them) for Python's
    cycle collector: under load they outlived the young generations and piled up until a full
    collection, which took 20-30 ms per process while every request in it waited (the c64 p99,
    bench/PROFILE.md). At the top of MIDDLEWARE (only the cache epoch's runs outside it): by the
    time it runs the answer is rendered and nothing reads the view, its context or the parser's
    context again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        context = getattr(response, "renderer_context", None)
        if context:
            if (view := context.get("view")) is not None:
                view.__dict__.clear()
            if (drf_request := context.get("request")) is not None:
                drf_request.parser_context = None
            response.renderer_context = None
        return response


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get("X-Request-ID"))
        # Kept after the response: `django.request` and the server's access line are logged
        # once the middleware has returned; `request_finished` clears it (apps.core.logging).
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class ApiTrailingSlashMiddleware:
    """/api/v1 paths answer with and without a trailing slash, without redirecting (a
    redirected POST loses its body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/api/") and len(path) > 5 and path.endswith("/"):
            request.path_info = path.rstrip("/")
        return self.get_response(request)


# --- Middleware an /api/ request does not use -------------------------------------------------
# API requests carry a bearer token: no session cookie, no Django auth (DRF authenticates),
# no messages. These subclasses run
# the stock middleware for every other path (admin, status page, docs) and step aside for
# /api/ (bench/PROFILE.md has what that saves). Subclasses, so Django's admin checks still find
# the middleware it needs; settings swaps them in by name (NOT_FOR_API in settings/base.py).


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


class NotForApi:
    def __call__(self, request):
        if is_api_request(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(NotForApi, _sessions.SessionMiddleware):
    pass


class AuthenticationMiddleware(NotForApi, _auth.AuthenticationMiddleware):
    pass


class MessageMiddleware(NotForApi, _messages.MessageMiddleware):
    pass
