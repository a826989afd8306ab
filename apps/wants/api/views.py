"""Wants API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.pagination import PageQuerySerializer, paginated_response
from apps.core.prefetch import prefetched
from apps.core.schema import api_errors, nullable_response
from apps.core.validation import validated

from .. import selectors, services
from ..constants import PREVIEW_CHARS, STREAM_TIMER_SECONDS
from ..errors import (
    WantsAIFailed,
    WantsAITimeout,
    WantsCompletedNotFound,
    WantsDraftNotFound,
    WantsRawImmutable,
    WantsRawNotFound,
    WantsRawNotReady,
    WantsStreamAlreadyCompleted,
)
from ..presenters import analysis_public, raw_public
from .serializers import (
    WantsAnalysisPublicSerializer,
    WantsFutureMeAppendInputSerializer,
    WantsFutureMePublicSerializer,
    WantsFutureMeSetInputSerializer,
    WantsHistoryPageSerializer,
    WantsProgressPublicSerializer,
    WantsRawCompletedSerializer,
    WantsRawPublicSerializer,
    WantsReverseInputSerializer,
    WantsReversePublicSerializer,
    WantsStreamAppendPublicSerializer,
    WantsStreamStatePublicSerializer,
    WantsStreamTextInputSerializer,
)

TAG = ["wants"]


def stream_state(raw) -> dict:
    return WantsStreamStatePublicSerializer(
        {
            "id": raw.id,
            "stream_started_at": raw.stream_started_at,
            "stream_completed_at": raw.stream_completed_at,
            "stream_timer_seconds": STREAM_TIMER_SECONDS,
        }
    ).data


def stream_append_state(raw) -> dict:
    return {
        "raw_id": str(raw.id),
        "is_completed": raw.stream_completed_at is not None,
        "raw_wants_stream_preview": raw.raw_wants_stream[-PREVIEW_CHARS:],
    }


def future_me_state(raw) -> dict:
    return WantsFutureMePublicSerializer(raw).data


def reverse_state(raw) -> dict:
    return WantsReversePublicSerializer(raw).data


def draft_edit_schema(summary: str, *, request, responses, errors=()):
    """The schema of an edit of the draft: besides `errors`, 409 WANTS_RAW_IMMUTABLE."""

    def decorate(func):
        func = api_errors(*errors, WantsRawImmutable)(func)
        return extend_schema(tags=TAG, summary=summary, request=request, responses=responses)(func)

    return decorate


def draft_edit(request, edit, present, body=None) -> Response:
    """An edit of the caller's draft (created if none): the body validated first (`body`, an
    input serializer, or none), then `edit(raw=draft, **data)` answered as `present(raw)`."""
    data = {} if body is None else validated(body, request.data)
    raw = services.wants_draft_get_or_create(user=request.user, light=True)
    return Response(present(edit(raw=raw, **data)))


class WantsRawView(APIView):
    @extend_schema(tags=TAG, summary="The current draft", responses=WantsRawPublicSerializer)
    @api_errors(WantsDraftNotFound)
    def get(self, request):
        return Response(raw_public(selectors.wants_draft_get(user=request.user)))

    @extend_schema(tags=TAG, summary="The draft, created if none", request=None, responses=WantsRawPublicSerializer)
    def post(self, request):
        return Response(raw_public(services.wants_draft_get_or_create(user=request.user)))


class WantsRawDetailView(APIView):
    @extend_schema(
        tags=TAG,
        summary="One completed record of the caller",
        operation_id="wants_raw_by_id",
        parameters=[OpenApiParameter("raw_id", str, OpenApiParameter.PATH, description="UUID of a completed record")],
        responses=WantsRawPublicSerializer,
    )
    @api_errors(WantsRawNotFound)
    def get(self, request, raw_id):
        return Response(raw_public(selectors.wants_completed_get(user=request.user, raw_id=raw_id)))


class WantsStreamStartView(APIView):
    @draft_edit_schema(
        "Start the wants stream (creates the draft if none; idempotent)",
        request=None,
        responses=WantsStreamStatePublicSerializer,
    )
    def post(self, request):
        return draft_edit(request, services.wants_stream_start, stream_state)


class WantsStreamAppendView(APIView):
    @draft_edit_schema(
        "Append a line to the stream; “стоп”/“stop” completes it",
        request=WantsStreamTextInputSerializer,
        responses=WantsStreamAppendPublicSerializer,
        errors=[WantsStreamAlreadyCompleted],
    )
    def post(self, request):
        return draft_edit(request, services.wants_stream_append, stream_append_state, WantsStreamTextInputSerializer)


class WantsStreamFinishView(APIView):
    @draft_edit_schema(
        "Complete the stream without “стоп” (creates the draft if none; idempotent)",
        request=None,
        responses=WantsStreamStatePublicSerializer,
    )
    def post(self, request):
        return draft_edit(request, services.wants_stream_finish, stream_state)


class WantsFutureMeView(APIView):
    @draft_edit_schema(
        "Replace the “future me” text (editable until the record is completed)",
        request=WantsFutureMeSetInputSerializer,
        responses=WantsFutureMePublicSerializer,
    )
    def put(self, request):
        return draft_edit(request, services.wants_future_me_set, future_me_state, WantsFutureMeSetInputSerializer)


class WantsFutureMeAppendView(APIView):
    @draft_edit_schema(
        "Append a chunk to the “future me” text (joined with a newline; total ≤ 200,000)",
        request=WantsFutureMeAppendInputSerializer,
        responses=WantsFutureMePublicSerializer,
    )
    def post(self, request):
        return draft_edit(request, services.wants_future_me_append, future_me_state, WantsFutureMeAppendInputSerializer)


class WantsFutureMeFinishView(APIView):
    @draft_edit_schema(
        "Mark “future me” finished (idempotent; the text stays editable until completion)",
        request=None,
        responses=WantsFutureMePublicSerializer,
    )
    def post(self, request):
        return draft_edit(request, services.wants_future_me_finish, future_me_state)


class WantsReverseView(APIView):
    @draft_edit_schema(
        "Save the reverse answers (partial); completed when all three are non-blank",
        request=WantsReverseInputSerializer,
        responses=WantsReversePublicSerializer,
    )
    def put(self, request):
        return draft_edit(request, services.wants_reverse_update, reverse_state, WantsReverseInputSerializer)


class WantsProgressView(APIView):
    cache_prefetch = staticmethod(selectors.PROGRESS_CACHE.prefetch)  # with the session check

    @extend_schema(tags=TAG, summary="Checklist of the draft, without the long texts", responses=WantsProgressPublicSerializer)
    def get(self, request):
        # A plain dict (UUID, UTC datetimes): rendered exactly as the serializer would, cheaper.
        return Response(selectors.wants_progress(user=request.user, found=prefetched(request)))


class WantsCompleteView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Complete the draft (awards XP)",
        description="422 WANTS_RAW_NOT_READY names each missing part in `fields`: "
        "stream, future_me, envy, regrets, what_to_do_5y.",
        request=None,
        responses=WantsRawCompletedSerializer,
    )
    @api_errors(WantsDraftNotFound, WantsRawNotReady, WantsRawImmutable)
    def post(self, request):
        raw = selectors.wants_draft_get(user=request.user)
        raw, event = services.wants_complete(raw=raw)
        return Response({**raw_public(raw), "gamification_event": event})


class WantsAnalyzeView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="AI analysis of the latest completed record (text quota)",
        request=None,
        result=WantsAnalysisPublicSerializer,
        errors=(WantsCompletedNotFound, WantsAITimeout, WantsAIFailed),
    )
    def post(self, request):
        return ai_job_respond(
            request,
            kind="wants.analyze",
            params=lambda: {"raw_id": str(selectors.wants_latest_completed_id(user=request.user))},
        )


class WantsAnalysisLatestView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The latest analysis, or null",
        responses=nullable_response("WantsAnalysisPublic", "The latest analysis, or null when there is none."),
    )
    def get(self, request):
        analysis = selectors.wants_analysis_latest(user=request.user)
        return Response(None if analysis is None else analysis_public(analysis))


class WantsHistoryView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Completed records, newest first (paginated)",
        parameters=[PageQuerySerializer],
        responses=WantsHistoryPageSerializer,
    )
    def get(self, request):
        return paginated_response(request, selectors.wants_history_page_source(user=request.user), raw_public)
