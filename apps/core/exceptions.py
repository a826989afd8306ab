"""Errors as classes with the spec's code: views and services raise them, the exception
handler turns them into the envelope. Nothing here imports DRF."""

from django.utils.translation import gettext_lazy as _


class APIError(Exception):
    code = "INTERNAL_ERROR"
    http_code = 500
    message = _("Something went wrong.")

    def __init__(self, message=None, *, details=None, fields=None, headers=None):
        self.message = message if message is not None else type(self).message
        self.details = details or {}
        self.fields = fields or {}
        self.headers = headers or {}
        super().__init__(str(self.message))


class ValidationFailed(APIError):
    code = "VALIDATION_ERROR"
    http_code = 422
    message = _("The request contains invalid data.")


class InvalidJSON(APIError):
    code = "INVALID_JSON"
    http_code = 400
    message = _("The request body is not valid JSON.")


class BadRequest(APIError):
    code = "BAD_REQUEST"
    http_code = 400
    message = _("The request could not be understood.")


class NotFound(APIError):
    code = "NOT_FOUND"
    http_code = 404
    message = _("Not found.")


class PayloadTooLarge(APIError):
    code = "PAYLOAD_TOO_LARGE"
    http_code = 413
    message = _("The request body is too large.")


class MethodNotAllowed(APIError):
    code = "METHOD_NOT_ALLOWED"
    http_code = 405
    message = _("This method is not allowed here.")


class UnsupportedMediaType(APIError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    http_code = 415
    message = _("Send the body as application/json.")


class NotAcceptable(APIError):
    code = "NOT_ACCEPTABLE"
    http_code = 406
    message = _("Only application/json responses are available.")


class RetryLaterError(APIError):
    """An error that tells the client when to try again: `Retry-After` and `details.retry_after`."""

    def __init__(self, retry_after: int, message=None, **kwargs):
        retry_after = max(1, int(retry_after))
        super().__init__(message, details={"retry_after": retry_after}, headers={"Retry-After": str(retry_after)})


class RateLimited(RetryLaterError):
    code = "RATE_LIMITED"
    http_code = 429
    message = _("Too many requests. Try again later.")


class NotAuthenticated(APIError):
    code = "AUTH_NOT_AUTHENTICATED"
    http_code = 401
    message = _("Authentication credentials were not provided.")


class Forbidden(APIError):
    code = "AUTH_FORBIDDEN"
    http_code = 403
    message = _("You do not have permission to do this.")


class InternalError(APIError):
    pass
