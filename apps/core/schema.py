"""OpenAPI documentation of the envelope: every response body is shown inside
`{ok, result, error, meta}`, and every operation lists the error codes it can answer with."""

from collections import defaultdict

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .envelope import error_envelope
from .exceptions import APIError

BEARER = "BearerAuth"

AUTH_ERRORS = {
    401: ["AUTH_NOT_AUTHENTICATED", "AUTH_INVALID_TOKEN", "AUTH_TOKEN_EXPIRED", "AUTH_INVALID_TOKEN_TYPE", "AUTH_SESSION_REVOKED"],
    403: ["AUTH_USER_INACTIVE"],
}
BODY_ERRORS = {
    400: ["INVALID_JSON", "BAD_REQUEST"],
    413: ["PAYLOAD_TOO_LARGE"],
    415: ["UNSUPPORTED_MEDIA_TYPE"],
    422: ["VALIDATION_ERROR"],
}
COMMON_ERRORS = {
    404: ["NOT_FOUND"],
    405: ["METHOD_NOT_ALLOWED"],
    406: ["NOT_ACCEPTABLE"],
    429: ["RATE_LIMITED"],
    500: ["INTERNAL_ERROR"],
}


# `{"success": true}`: the result of actions that return nothing else (spec section 1).
class SuccessSerializer(serializers.Serializer):
    success = serializers.BooleanField()


def api_errors(*error_classes):
    """Declare the APIError classes an endpoint can raise, for the schema."""

    def decorate(func):
        func.api_errors = tuple(getattr(func, "api_errors", ())) + error_classes
        return func

    return decorate


def nullable_response(component: str, description: str) -> dict:
    """extend_schema(responses=...) of a read that answers the `component` or null."""
    schema = {"allOf": [{"$ref": f"#/components/schemas/{component}"}], "nullable": True}
    return {200: OpenApiResponse(schema, description=description)}


def meta_schema() -> dict:
    return {"$ref": "#/components/schemas/EnvelopeMeta"}


def error_classes() -> dict[str, type[APIError]]:
    """Every APIError subclass by its code (the base class of a code wins), for the examples."""
    found: dict[str, type[APIError]] = {}
    pending = [APIError]
    while pending:
        cls = pending.pop(0)
        found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return found


def error_example(cls: type[APIError]) -> dict:
    """The body the exception handler answers for `cls`, with placeholder id and time."""
    body = error_envelope(cls.example())
    body["meta"].update(request_id="00000000-0000-4000-8000-000000000000", timestamp="2026-01-01T00:00:00.000Z")
    return body


def error_schema(codes: list[str] | None = None, http_code: int | None = None) -> dict:
    code = {"type": "string"}
    if codes:
        code["enum"] = sorted(set(codes))
    status = {"type": "integer"}
    if http_code is not None:
        status["enum"] = [http_code]
    return {
        "type": "object",
        "required": ["ok", "result", "error", "meta"],
        "properties": {
            "ok": {"type": "boolean", "enum": [False]},
            "result": {"nullable": True, "enum": [None]},
            "error": {
                "type": "object",
                "required": ["code", "http_code", "message", "details", "fields"],
                "properties": {
                    "code": code,
                    "http_code": status,
                    "message": {"type": "string"},
                    "details": {"type": "object", "additionalProperties": True},
                    "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                },
            },
            "meta": {"$ref": "#/components/schemas/ErrorMeta"},
        },
    }


def success_schema(result_schema: dict) -> dict:
    return {
        "type": "object",
        "required": ["ok", "result", "error", "meta"],
        "properties": {
            "ok": {"type": "boolean", "enum": [True]},
            "result": result_schema,
            "error": {"nullable": True, "enum": [None]},
            "meta": meta_schema(),
        },
    }


def meta_component(pagination: dict) -> dict:
    """The envelope's `meta`: the same in a success and an error but for `pagination`."""
    return {
        "type": "object",
        "required": ["request_id", "timestamp", "pagination"],
        "properties": {
            "request_id": {"type": "string", "format": "uuid"},
            "timestamp": {"type": "string", "format": "date-time"},
            "pagination": pagination,
        },
    }


ENVELOPE_COMPONENTS = {
    "EnvelopeMeta": meta_component({"allOf": [{"$ref": "#/components/schemas/Pagination"}], "nullable": True}),
    "ErrorMeta": meta_component({"nullable": True, "enum": [None]}),
    "Pagination": {
        "type": "object",
        "required": ["page", "page_size", "total", "total_pages", "has_next", "has_prev"],
        "properties": {
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 0},
            "has_next": {"type": "boolean"},
            "has_prev": {"type": "boolean"},
        },
    },
    "ErrorEnvelope": error_schema(),
}


class EnvelopeAutoSchema(AutoSchema):
    def _declared_errors(self) -> list:
        view = self.view
        handler = getattr(view, getattr(view, "action", None) or "", None) or getattr(view, self.method.lower(), None)
        return list(getattr(handler, "api_errors", ())) + list(getattr(view, "api_errors", ()))

    def _needs_auth(self) -> bool:
        return not all(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def get_auth(self):
        """One scheme for the whole API. A public operation says so (`security: []`); one that
        also reads an optional token (it only picks the locale) lists both alternatives."""
        if self._needs_auth():
            return [{BEARER: []}]
        return [{BEARER: []}, {}] if self.view.get_authenticators() else []

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        operation["security"] = self.get_auth()
        by_status: dict[int, list[str]] = defaultdict(list)
        for table in [COMMON_ERRORS, AUTH_ERRORS if self._needs_auth() else {}, BODY_ERRORS if self.method in ("POST", "PUT", "PATCH") else {}]:
            for status, codes in table.items():
                by_status[status].extend(codes)
        if operation.get("parameters"):
            by_status[422].append("VALIDATION_ERROR")
        for error in self._declared_errors():
            by_status[error.http_code].append(error.code)
        responses = operation.setdefault("responses", {})
        classes = error_classes()
        for status, codes in sorted(by_status.items()):
            codes = sorted(set(codes))
            examples = {code: {"summary": code, "value": error_example(classes[code])} for code in codes if code in classes}
            responses[str(status)] = {
                "description": "Error: " + ", ".join(codes),
                "content": {"application/json": {"schema": error_schema(codes, status), "examples": examples}},
            }
        responses["default"] = {
            "description": "Any other error, in the envelope",
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/ErrorEnvelope"},
                    "example": error_example(classes["INTERNAL_ERROR"]),
                }
            },
        }
        operation["x-error-codes"] = sorted({code for codes in by_status.values() for code in codes})
        return operation


def envelope_postprocessing_hook(result, generator, request, public):
    """Wrap every documented 2xx body of /api/v1 in the success envelope."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ENVELOPE_COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1"):
            continue
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                content = response.setdefault("content", {})
                body = content.get("application/json", {}).get("schema")
                result_schema = body if body is not None else {"nullable": True}
                content.clear()
                content["application/json"] = {"schema": success_schema(result_schema)}
    return result


class BearerSessionAuthScheme(OpenApiAuthenticationExtension):
    """Documents the project's JWT session authentication as HTTP Bearer."""

    target_class = "apps.accounts.authentication.JWTSessionAuthentication"
    match_subclasses = True
    name = BEARER

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
