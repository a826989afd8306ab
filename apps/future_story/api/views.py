"""Future story API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.locale import locale_active
from apps.core.schema import api_errors, nullable_response
from apps.core.validation import validated

from .. import selectors, services
from ..constants import HORIZONS
from ..errors import (
    FutureStoryAIFailed,
    FutureStoryAITimeout,
    FutureStoryDraftEmpty,
    FutureStoryInvalidAreaId,
    FutureStoryInvalidHorizon,
    FutureStoryNotFound,
)
from ..presenters import draft_public, story_public
from .serializers import (
    FutureStoryDraftInputSerializer,
    FutureStoryDraftPublicSerializer,
    FutureStoryGeneratedSerializer,
    FutureStoryPublicSerializer,
    FutureStoryQuestionSerializer,
    FutureStoryUpdateInputSerializer,
)

TAG = ["future-story"]


class FutureStoryQuestionsView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Interview questions: one per active area, by order_index, in the caller's language",
        responses=FutureStoryQuestionSerializer(many=True),
    )
    def get(self, request):
        return Response(selectors.future_story_questions(locale=locale_active()))


class FutureStoryDraftView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The interview draft, or null",
        responses=nullable_response("FutureStoryDraftPublic", "The draft, or null before the first answer."),
    )
    def get(self, request):
        draft = selectors.future_story_draft_find(user=request.user)
        return Response(None if draft is None else FutureStoryDraftPublicSerializer(draft_public(draft)).data)

    @extend_schema(
        tags=TAG,
        summary="Save the answer for one area (upsert) and return the whole draft",
        request=FutureStoryDraftInputSerializer,
        responses=FutureStoryDraftPublicSerializer,
    )
    @api_errors(FutureStoryInvalidAreaId)
    def post(self, request):
        data = validated(FutureStoryDraftInputSerializer, request.data)
        draft = services.future_story_answer_save(user=request.user, **data)
        return Response(FutureStoryDraftPublicSerializer(draft).data)


class FutureStoryView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The latest story, or null",
        responses=nullable_response("FutureStoryPublic", "The latest story, or null when there is none."),
    )
    def get(self, request):
        story = selectors.future_story_latest(user=request.user)
        return Response(None if story is None else story_public(story))

    @extend_schema(
        tags=TAG,
        summary="Replace one horizon (3y or 5y) of the latest story",
        request=FutureStoryUpdateInputSerializer,
        responses=FutureStoryPublicSerializer,
    )
    @api_errors(FutureStoryInvalidHorizon, FutureStoryNotFound)
    def put(self, request):
        data = validated(FutureStoryUpdateInputSerializer, request.data)
        if data["horizon"] not in HORIZONS:
            raise FutureStoryInvalidHorizon(details={"horizon": data["horizon"], "allowed": list(HORIZONS)})
        story = services.future_story_horizon_replace(user=request.user, **data)
        return Response(story_public(story))


class FutureStoryGenerateView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="Write the story from the draft, the latest wants analysis and life wheel (text quota)",
        description="Awards XP `future_story` once per story (`gamification_event`). "
        "400 FUTURE_STORY_DRAFT_EMPTY without an answer to an active area.",
        request=None,
        result=FutureStoryGeneratedSerializer,
        errors=(FutureStoryDraftEmpty, FutureStoryAITimeout, FutureStoryAIFailed),
    )
    def post(self, request):
        def params() -> dict:
            services.future_story_generate_check(user=request.user)
            return {}

        return ai_job_respond(request, kind="future_story.generate", params=params)
