"""Auth and /me endpoints. Thin: validate, call one service or selector, return plain data."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import selectors, services
from apps.accounts.cache import ME_CACHE
from apps.accounts.errors import (
    EmailAlreadyExists,
    InvalidCredentials,
    InvalidPassword,
    InvalidRefreshToken,
    InvalidResetToken,
    InvalidTokenType,
    InvalidVerificationCode,
    RefreshTokenReused,
    ResetTokenExpired,
    SessionNotFound,
    SessionRevoked,
    TelegramAuthExpired,
    TelegramForbidden,
    TelegramInvalidInitData,
    TokenExpired,
    UserInactive,
    VerificationAttemptsExceeded,
    VerificationTokenExpired,
    VerificationTokenNotFound,
)
from apps.accounts.presenters import user_public
from apps.core.exceptions import RateLimited
from apps.core.locale import locale_of_request
from apps.core.prefetch import prefetched
from apps.core.schema import SuccessSerializer, api_errors
from apps.core.security import client_ip
from apps.core.validation import validated

from . import serializers as s


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:512]


class PublicAPIView(APIView):
    """No authentication at all: a stray or broken Authorization header is ignored."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


# A public endpoint whose calls are counted per client IP under `ip_scope` before the body is
# read: 429 RATE_LIMITED past the limit. (A comment, not a docstring: a view's docstring is its
# operations' description in the schema, and these keep PublicAPIView's.)
class IPLimitedAPIView(PublicAPIView):
    ip_scope = ""
    api_errors = (RateLimited,)  # in the schema of every method (EnvelopeAutoSchema)

    def limited_input(self, request, serializer_class) -> tuple[dict, str]:
        """Count the call, then validate the body: (validated data, client IP)."""
        ip = client_ip(request)
        services.ip_limit_hit(scope=self.ip_scope, ip=ip)
        return validated(serializer_class, request.data), ip


def auth_result(user, pair) -> dict:
    return {"user": user_public(user), "tokens": pair}


class SignupView(IPLimitedAPIView):
    ip_scope = "signup"

    @extend_schema(request=s.SignupInput, responses=s.SignupResultSerializer, tags=["auth"])
    @api_errors(EmailAlreadyExists)
    def post(self, request):
        data = dict(self.limited_input(request, s.SignupInput)[0])
        data.setdefault("locale", locale_of_request(request))
        user, token = services.user_signup(**data)
        return Response({"verification_token": token, "user": user_public(user)})


class SigninView(IPLimitedAPIView):
    ip_scope = "signin"

    @extend_schema(request=s.SigninInput, responses=s.AuthResultSerializer, tags=["auth"])
    @api_errors(InvalidCredentials, UserInactive)
    def post(self, request):
        data, ip = self.limited_input(request, s.SigninInput)
        user, pair = services.user_signin(
            email=data["email"], password=data["password"], user_agent=user_agent(request), ip=ip
        )
        return Response(auth_result(user, pair))


class SendEmailVerificationView(IPLimitedAPIView):
    ip_scope = "verification-send"

    @extend_schema(request=s.EmailInput, responses=s.VerificationTokenSerializer, tags=["auth"])
    def post(self, request):
        data = self.limited_input(request, s.EmailInput)[0]
        return Response({"verification_token": services.email_verification_resend(email=data["email"])})


class CheckEmailVerificationCodeView(IPLimitedAPIView):
    ip_scope = "verification-check"

    @extend_schema(request=s.VerificationCodeInput, responses=s.AuthResultSerializer, tags=["auth"])
    @api_errors(VerificationTokenNotFound, VerificationTokenExpired, VerificationAttemptsExceeded, InvalidVerificationCode)
    def post(self, request):
        data, ip = self.limited_input(request, s.VerificationCodeInput)
        user, pair = services.email_verification_check(
            verification_token=data["verification_token"], code=data["code"], user_agent=user_agent(request), ip=ip
        )
        return Response(auth_result(user, pair))


class RefreshView(PublicAPIView):
    @extend_schema(request=s.RefreshInput, responses=s.TokenPairSerializer, tags=["auth"])
    @api_errors(InvalidRefreshToken, InvalidTokenType, SessionRevoked, RefreshTokenReused, TokenExpired, UserInactive)
    def post(self, request):
        data = validated(s.RefreshInput, request.data)
        return Response(services.session_refresh(refresh_token=data["refresh_token"]))


class LogoutView(APIView):
    @extend_schema(request=None, responses=SuccessSerializer, tags=["auth"])
    def post(self, request):
        services.session_revoke(user=request.user, session_id=request.auth["session_id"])
        return Response({"success": True})


class LogoutAllView(APIView):
    @extend_schema(request=None, responses=SuccessSerializer, tags=["auth"])
    def post(self, request):
        services.sessions_revoke_all(user=request.user)
        return Response({"success": True})


class RequestPasswordResetView(IPLimitedAPIView):
    ip_scope = "reset-request"

    @extend_schema(request=s.EmailInput, responses=SuccessSerializer, tags=["auth"])
    def post(self, request):
        data = self.limited_input(request, s.EmailInput)[0]
        services.password_reset_request(email=data["email"])
        return Response({"success": True})


class ResetPasswordView(IPLimitedAPIView):
    ip_scope = "reset"

    @extend_schema(request=s.ResetPasswordInput, responses=SuccessSerializer, tags=["auth"])
    @api_errors(InvalidResetToken, ResetTokenExpired)
    def post(self, request):
        data = self.limited_input(request, s.ResetPasswordInput)[0]
        services.password_reset_confirm(token=data["token"], new_password=data["new_password"])
        return Response({"success": True})


class TelegramAuthView(PublicAPIView):
    @extend_schema(
        request=s.TelegramAuthInput,
        responses=s.TelegramAuthResultSerializer,
        parameters=[OpenApiParameter("X-Bot-Secret", str, OpenApiParameter.HEADER, required=True)],
        tags=["auth"],
    )
    @api_errors(TelegramForbidden, UserInactive)
    def post(self, request):
        services.telegram_secret_check(provided=request.headers.get("X-Bot-Secret"))
        data = validated(s.TelegramAuthInput, request.data)
        user, pair = services.telegram_login(**data, user_agent=user_agent(request), ip=client_ip(request))
        return Response(telegram_result(user, pair))


class TelegramWebAppAuthView(IPLimitedAPIView):
    ip_scope = "telegram-webapp"

    @extend_schema(request=s.TelegramWebAppInput, responses=s.TelegramAuthResultSerializer, tags=["auth"])
    @api_errors(TelegramInvalidInitData, TelegramAuthExpired, TelegramForbidden, UserInactive)
    def post(self, request):
        data, ip = self.limited_input(request, s.TelegramWebAppInput)
        user, pair = services.telegram_webapp_login(init_data=data["init_data"], user_agent=user_agent(request), ip=ip)
        return Response(telegram_result(user, pair))


def telegram_result(user, pair) -> dict:
    return {
        "access_token": pair["access_token"],
        "refresh_token": pair["refresh_token"],
        "token_type": "bearer",
        "user": user_public(user),
    }


class SessionListView(APIView):
    @extend_schema(responses=s.SessionListSerializer, tags=["auth"])
    def get(self, request):
        return Response(
            {"sessions": selectors.session_list(user=request.user, current_session_id=request.auth["session_id"])}
        )


class SessionDetailView(APIView):
    @extend_schema(responses=SuccessSerializer, tags=["auth"])
    @api_errors(SessionNotFound)
    def delete(self, request, session_id: str):
        services.session_revoke(user=request.user, session_id=session_id)
        return Response({"success": True})


class MeView(APIView):
    cache_prefetch = staticmethod(ME_CACHE.prefetch)  # with the session check

    @extend_schema(responses=s.MeSerializer, tags=["me"])
    def get(self, request):
        return Response(selectors.me_document(user=request.user, found=prefetched(request)))

    @extend_schema(request=s.UserUpdateInput, responses=s.MeSerializer, tags=["me"])
    def put(self, request):
        data = validated(s.UserUpdateInput, request.data, partial=True)
        user = services.user_update(user=request.user, **data)
        return Response(selectors.me_document(user=user))

    @extend_schema(request=s.AccountDeleteInput, responses=SuccessSerializer, tags=["me"])
    @api_errors(InvalidPassword, RateLimited)
    def delete(self, request):
        data = validated(s.AccountDeleteInput, request.data)
        services.user_delete(user=request.user, password=data.get("password"), confirm=data.get("confirm"))
        return Response({"success": True})


class MePasswordView(APIView):
    @extend_schema(request=s.PasswordChangeInput, responses=SuccessSerializer, tags=["me"])
    @api_errors(InvalidPassword, RateLimited)
    def put(self, request):
        data = validated(s.PasswordChangeInput, request.data)
        services.user_password_change(
            user=request.user, current_password=data["current_password"], new_password=data["new_password"]
        )
        return Response({"success": True})


class MeExportView(APIView):
    @extend_schema(responses=s.MeExportSerializer, tags=["me"])
    def get(self, request):
        return Response(selectors.user_export(user=request.user))
