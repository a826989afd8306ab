from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import APIError, NotAuthenticated


class InvalidToken(APIError):
    code = "AUTH_INVALID_TOKEN"
    http_code = 401
    message = _("The token is invalid.")


class TokenExpired(APIError):
    code = "AUTH_TOKEN_EXPIRED"
    http_code = 401
    message = _("The token has expired.")


class InvalidTokenType(APIError):
    code = "AUTH_INVALID_TOKEN_TYPE"
    http_code = 401
    message = _("This kind of token cannot be used here.")


class SessionRevoked(APIError):
    code = "AUTH_SESSION_REVOKED"
    http_code = 401
    message = _("The session has ended. Sign in again.")


class UserInactive(APIError):
    code = "AUTH_USER_INACTIVE"
    http_code = 403
    message = _("The account is not active.")


__all__ = ["InvalidToken", "TokenExpired", "InvalidTokenType", "SessionRevoked", "UserInactive", "NotAuthenticated"]
