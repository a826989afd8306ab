"""One exception handler for the whole API: APIError, DRF and Django exceptions become the
envelope's `error`; the transaction is always rolled back; 5xx are logged, never leaked."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

from . import exceptions as errors
from .envelope import error_envelope
from .validation import json_text_safe

logger = logging.getLogger("apps.core.errors")


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as `{"dotted.path": [messages]}`."""
    out: dict[str, list[str]] = {}

    def add(key: str, messages: list[str]) -> None:
        out.setdefault(key or "non_field_errors", []).extend(messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub_key, messages in flatten_errors(value, path).items():
                add(sub_key, messages)
    elif isinstance(detail, list | tuple):
        if all(isinstance(item, str) for item in detail):
            add(prefix, [str(item) for item in detail])
        else:
            for index, item in enumerate(detail):
                if isinstance(item, str):
                    add(prefix, [str(item)])
                elif item:
                    for sub_key, messages in flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                        add(sub_key, messages)
    else:
        add(prefix, [str(detail)])
    return out


def to_api_error(exc: Exception) -> errors.APIError | None:
    """The APIError a known exception stands for; None for an unexpected one."""
    if isinstance(exc, errors.APIError):
        return exc
    if isinstance(exc, drf.ValidationError):
        return errors.ValidationFailed(fields=flatten_errors(exc.detail))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return errors.ValidationFailed(fields=flatten_errors(detail))
    if isinstance(exc, RequestDataTooBig):
        return errors.PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return errors.BadRequest()
    if isinstance(exc, drf.ParseError):
        return errors.InvalidJSON()
    if isinstance(exc, drf.UnsupportedMediaType):
        return errors.UnsupportedMediaType()
    if isinstance(exc, drf.MethodNotAllowed):
        return errors.MethodNotAllowed()
    if isinstance(exc, drf.NotAcceptable):
        return errors.NotAcceptable()
    if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
        return errors.NotAuthenticated()
    if isinstance(exc, drf.PermissionDenied | DjangoPermissionDenied):
        return errors.Forbidden()
    if isinstance(exc, drf.NotFound | Http404):
        return errors.NotFound()
    if isinstance(exc, drf.Throttled):
        return errors.RateLimited(exc.wait or 1)
    if isinstance(exc, drf.APIException):
        error = errors.APIError(str(exc.detail) if isinstance(exc.detail, str) else None)
        error.code = str(exc.default_code).upper()
        error.http_code = exc.status_code
        return error
    return None


def envelope_response(error: errors.APIError, request=None) -> Response:
    # Messages and details may echo what the client sent (`"\ud800" is not a valid choice`):
    # an unpaired surrogate there could not be encoded, so it is written out as `\ud800`.
    response = Response(json_text_safe(error_envelope(error, request)), status=error.http_code)
    response.envelope_ready = True
    for name, value in error.headers.items():
        response[name] = value
    if error.http_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def envelope_exception_handler(exc, context):
    set_rollback()
    request = context.get("request")
    error = to_api_error(exc)
    if error is None:
        logger.exception("Unhandled %s on %s", type(exc).__name__, getattr(request, "path", "?"))
        error = errors.InternalError()
    elif error.http_code >= 500:
        logger.error("%s %s on %s", error.code, error.http_code, getattr(request, "path", "?"))
    return envelope_response(error, request)
