"""Wants API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.errors import AIBusy
from apps.ai.jobs import ai_job_respond, ai_job_schema
from apps.core.pagination import PageQuerySerializer, paginated_response
from apps.core.prefetch import prefetched
from apps.core.schema import api_errors
from apps.core.validation import validated
from apps.limits.errors import QuotaExceeded

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
    @extend_schema(
        tags=TAG,
        summary="Start the wants stream (creates the draft if none; idempotent)",
        request=None,
        responses=WantsStreamStatePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def post(self, request):
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        return Response(stream_state(services.wants_stream_start(raw=raw)))


class WantsStreamAppendView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Append a line to the stream; “стоп”/“stop” completes it",
        request=WantsStreamTextInputSerializer,
        responses=WantsStreamAppendPublicSerializer,
    )
    @api_errors(WantsStreamAlreadyCompleted, WantsRawImmutable)
    def post(self, request):
        data = validated(WantsStreamTextInputSerializer, request.data)
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        raw = services.wants_stream_append(raw=raw, text=data["text"])
        return Response(
            {
                "raw_id": str(raw.id),
                "is_completed": raw.stream_completed_at is not None,
                "raw_wants_stream_preview": raw.raw_wants_stream[-PREVIEW_CHARS:],
            }
        )


class WantsStreamFinishView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Complete the stream without “стоп” (creates the draft if none; idempotent)",
        request=None,
        responses=WantsStreamStatePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def post(self, request):
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        return Response(stream_state(services.wants_stream_finish(raw=raw)))


class WantsFutureMeView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Replace the “future me” text (editable until the record is completed)",
        request=WantsFutureMeSetInputSerializer,
        responses=WantsFutureMePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def put(self, request):
        data = validated(WantsFutureMeSetInputSerializer, request.data)
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        return Response(WantsFutureMePublicSerializer(services.wants_future_me_set(raw=raw, text=data["text"])).data)


class WantsFutureMeAppendView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Append a chunk to the “future me” text (joined with a newline; total ≤ 200,000)",
        request=WantsFutureMeAppendInputSerializer,
        responses=WantsFutureMePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def post(self, request):
        data = validated(WantsFutureMeAppendInputSerializer, request.data)
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        raw = services.wants_future_me_append(raw=raw, text=data["text"])
        return Response(WantsFutureMePublicSerializer(raw).data)


class WantsFutureMeFinishView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Mark “future me” finished (idempotent; the text stays editable until completion)",
        request=None,
        responses=WantsFutureMePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def post(self, request):
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        return Response(WantsFutureMePublicSerializer(services.wants_future_me_finish(raw=raw)).data)


class WantsReverseView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Save the reverse answers (partial); completed when all three are non-blank",
        request=WantsReverseInputSerializer,
        responses=WantsReversePublicSerializer,
    )
    @api_errors(WantsRawImmutable)
    def put(self, request):
        data = validated(WantsReverseInputSerializer, request.data)
        raw = services.wants_draft_get_or_create(user=request.user, light=True)
        return Response(WantsReversePublicSerializer(services.wants_reverse_update(raw=raw, **data)).data)


class WantsProgressView(APIView):
    cache_prefetch = staticmethod(selectors.PROGRESS_CACHE.keys)  # with the session check

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


class WantsAnalyzeView(APIView):
    @extend_schema(
        tags=TAG,
        summary="AI analysis of the latest completed record (text quota)",
        request=None,
        **ai_job_schema(WantsAnalysisPublicSerializer),
    )
    @api_errors(QuotaExceeded, AIBusy, WantsCompletedNotFound, WantsAITimeout, WantsAIFailed)
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
        responses={
            200: OpenApiResponse(
                {"allOf": [{"$ref": "#/components/schemas/WantsAnalysisPublic"}], "nullable": True},
                description="The latest analysis, or null when there is none.",
            )
        },
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
