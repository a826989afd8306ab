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


class InvalidCredentials(APIError):
    code = "AUTH_INVALID_CREDENTIALS"
    http_code = 401
    message = _("Wrong email or password.")


class EmailAlreadyExists(APIError):
    code = "AUTH_EMAIL_ALREADY_EXISTS"
    http_code = 400
    message = _("An account with this email already exists.")


class InvalidRefreshToken(APIError):
    code = "AUTH_INVALID_REFRESH_TOKEN"
    http_code = 401
    message = _("The refresh token is invalid.")


class RefreshTokenReused(APIError):
    code = "AUTH_REFRESH_TOKEN_REUSED"
    http_code = 401
    message = _("This refresh token was already used; the session has been ended.")


class SessionNotFound(APIError):
    code = "AUTH_SESSION_NOT_FOUND"
    http_code = 404
    message = _("Session not found.")


class VerificationTokenNotFound(APIError):
    code = "AUTH_VERIFICATION_TOKEN_NOT_FOUND"
    http_code = 400
    message = _("The verification request was not found. Ask for a new code.")


class VerificationTokenExpired(APIError):
    code = "AUTH_VERIFICATION_TOKEN_EXPIRED"
    http_code = 400
    message = _("The verification code has expired. Ask for a new one.")


class VerificationAttemptsExceeded(APIError):
    code = "AUTH_VERIFICATION_ATTEMPTS_EXCEEDED"
    http_code = 400
    message = _("Too many wrong codes. Ask for a new one.")


class InvalidVerificationCode(APIError):
    code = "AUTH_INVALID_VERIFICATION_CODE"
    http_code = 400
    message = _("The verification code is wrong.")


class InvalidResetToken(APIError):
    code = "AUTH_INVALID_RESET_TOKEN"
    http_code = 400
    message = _("The password reset link is invalid or already used.")


class ResetTokenExpired(APIError):
    code = "AUTH_RESET_TOKEN_EXPIRED"
    http_code = 400
    message = _("The password reset link has expired. Ask for a new one.")


class InvalidPassword(APIError):
    code = "AUTH_INVALID_PASSWORD"
    http_code = 400
    message = _("The password is wrong.")


class TelegramForbidden(APIError):
    code = "AUTH_TELEGRAM_FORBIDDEN"
    http_code = 403
    message = _("Telegram login is not allowed.")


class TelegramInvalidInitData(APIError):
    code = "AUTH_TELEGRAM_INVALID_INIT_DATA"
    http_code = 401
    message = _("The Telegram login data is invalid.")


class TelegramAuthExpired(APIError):
    code = "AUTH_TELEGRAM_AUTH_EXPIRED"
    http_code = 401
    message = _("The Telegram login data is too old. Open the app again.")


__all__ = [
    "InvalidToken", "TokenExpired", "InvalidTokenType", "SessionRevoked", "UserInactive", "NotAuthenticated",
    "InvalidCredentials", "EmailAlreadyExists", "InvalidRefreshToken", "RefreshTokenReused", "SessionNotFound",
    "VerificationTokenNotFound", "VerificationTokenExpired", "VerificationAttemptsExceeded",
    "InvalidVerificationCode", "InvalidResetToken", "ResetTokenExpired", "InvalidPassword", "TelegramForbidden",
    "TelegramInvalidInitData", "TelegramAuthExpired",
]
