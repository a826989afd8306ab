"""The StandardResponse envelope: `{ok, result, error, meta}` around every /api/v1 body."""

from .exceptions import APIError
from .logging import request_id_var
from .timestamps import utc_now_iso


def meta(request=None, pagination=None) -> dict:
    request_id = getattr(request, "request_id", None) or request_id_var.get()
    return {"request_id": request_id, "timestamp": utc_now_iso(), "pagination": pagination}


def error_body(error: APIError) -> dict:
    return {
        "code": error.code,
        "http_code": error.http_code,
        "message": str(error.message),
        "details": error.details or {},
        "fields": error.fields or {},
    }


def success_envelope(result, request=None, pagination=None) -> dict:
    return {"ok": True, "result": result, "error": None, "meta": meta(request, pagination)}


def error_envelope(error: APIError, request=None) -> dict:
    return {"ok": False, "result": None, "error": error_body(error), "meta": meta(request)}
