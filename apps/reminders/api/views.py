"""Reminders API: thin views — validate, call one selector or service, present."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import paginated_response
from apps.core.parsers import SafeJSONParser
from apps.core.schema import SuccessSerializer, api_errors
from apps.core.validation import validated

from .. import selectors, services
from ..errors import RemindersUnsubscribeInvalid
from ..presenters import delivery_public, paused_kinds_of, reminders_public
from ..tokens import unsubscribe_user_id
from .serializers import (
    ReminderHistoryPageSerializer,
    RemindersSerializer,
    RemindersUpdateInSerializer,
    UnsubscribeInSerializer,
)

TAG = ["reminders"]


def _document(user, settings=None) -> dict:
    settings = settings or selectors.settings_of(user)
    return reminders_public(settings=settings, user=user, paused_kinds=paused_kinds_of(user))


class MeRemindersView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The caller's reminder settings",
        description="Times are local `HH:MM` in the user's `time_zone`. Defaults: morning 08:00, evening 21:00, "
        "weekly review Sunday (7) 19:00, all enabled; Telegram on when the user has a Telegram account, email off.",
        responses=RemindersSerializer,
    )
    def get(self, request):
        return Response(_document(request.user))

    @extend_schema(
        tags=TAG,
        summary="Change reminder settings (partial)",
        description="Parts and fields left out keep their values. 422 `VALIDATION_ERROR` for a bad time or weekday, "
        "for `channels.email: true` without a verified email, and `channels.telegram: true` without a Telegram account.",
        request=RemindersUpdateInSerializer,
        responses=RemindersSerializer,
    )
    def put(self, request):
        data = validated(RemindersUpdateInSerializer, request.data)
        settings = services.reminders_update(user=request.user, data=data)
        return Response(_document(request.user, settings))


class MeRemindersHistoryView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Reminders sent, skipped and failed, newest first (paginated)",
        parameters=[
            OpenApiParameter("page", int, description="≥ 1 (default 1)"),
            OpenApiParameter("page_size", int, description="1..100 (default 20)"),
        ],
        responses=ReminderHistoryPageSerializer,
    )
    def get(self, request):
        return paginated_response(request, selectors.delivery_history(user=request.user), delivery_public)


class RemindersUnsubscribeView(APIView):
    """RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` (form
    encoded) to the link, whose query carries the token; apps may POST JSON `{token}`."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [SafeJSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=TAG,
        summary="Turn email reminders off with the signed token from the email (no auth)",
        description="The token comes in the body `{token}` or, for RFC 8058 one-click requests "
        "(`List-Unsubscribe=One-Click` form body), in the link's `?token=` query.",
        request=UnsubscribeInSerializer,
        responses=SuccessSerializer,
    )
    @api_errors(RemindersUnsubscribeInvalid)
    def post(self, request):
        body = request.data if hasattr(request.data, "get") else {}
        token = body.get("token") or request.query_params.get("token")
        data = validated(UnsubscribeInSerializer, {"token": token} if token is not None else {})
        user_id = unsubscribe_user_id(data["token"])
        if user_id is None or not services.email_unsubscribe(user_id=user_id):
            raise RemindersUnsubscribeInvalid()
        return Response({"success": True})
