"""Goals API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.schema import SuccessSerializer, api_errors
from apps.core.validation import validated, validated_query

from .. import selectors, services
from ..errors import GoalNotFound, GoalsAIFailed, GoalsAITimeout
from ..presenters import goal_public
from .serializers import (
    GoalListQuerySerializer,
    GoalPublicSerializer,
    GoalsBatchInputSerializer,
    GoalsBatchResultSerializer,
    GoalsGenerateInputSerializer,
    GoalsSuggestionsSerializer,
    GoalUpdateInSerializer,
    GoalWithEventSerializer,
)

TAG = ["goals"]
GOAL_ID = OpenApiParameter("goal_id", str, OpenApiParameter.PATH, description="UUID of one of the caller's goals")


class GoalListView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Every goal of the caller, oldest first, each with its step progress",
        description="A bare array of EVERY matching goal, as the seed's clients read it: no `{items}` wrapper, "
        "no paging, `meta.pagination` null. Filters `horizon` and `status` (422 for a value outside their enums).",
        parameters=[GoalListQuerySerializer],
        responses=GoalPublicSerializer(many=True),
    )
    def get(self, request):
        params = validated_query(GoalListQuerySerializer, request)
        rows = selectors.goal_rows(user=request.user, horizon=params.get("horizon"), status=params.get("status"))
        return Response([goal_public(row) for row in rows])


class GoalsBatchView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Save 1..50 goals: all or none (XP `goal_created` once per goal)",
        description="A bad item answers 422 with `fields` naming it, e.g. `goals.3.horizon`; nothing is saved. "
        "A goal created already `done` gets `completed_at` but no completion XP (that is paid by `PUT` when the "
        "status becomes `done`).",
        request=GoalsBatchInputSerializer,
        responses=GoalsBatchResultSerializer,
    )
    def post(self, request):
        data = validated(GoalsBatchInputSerializer, request.data)
        goals, event = services.goals_create_batch(user=request.user, goals=data["goals"])
        return Response({"items": GoalPublicSerializer(goals, many=True).data, "gamification_event": event})


class GoalDetailView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Update a goal (fields omitted keep their values)",
        description="`completed_at` is set when the status becomes `done` and cleared when it leaves `done`. "
        "`gamification_event` is non-null only when the status becomes `done` and the goal's completion XP "
        "(small 50, big 200) was not paid before: once per goal, however often the status goes back and forth.",
        parameters=[GOAL_ID],
        request=GoalUpdateInSerializer,
        responses=GoalWithEventSerializer,
    )
    @api_errors(GoalNotFound)
    def put(self, request, goal_id):
        payload = request.data  # a malformed body is 400/415 before any lookup
        goal = selectors.goal_get(user=request.user, goal_id=goal_id)
        data = validated(GoalUpdateInSerializer, payload, context={"current_area_id": goal.area_id})
        goal, event = services.goal_update(user=request.user, goal=goal, **data)
        return Response({**GoalPublicSerializer(goal).data, "gamification_event": event})

    @extend_schema(tags=TAG, summary="Delete a goal and all its steps", parameters=[GOAL_ID], responses=SuccessSerializer)
    @api_errors(GoalNotFound)
    def delete(self, request, goal_id):
        services.goal_delete(goal=selectors.goal_get(user=request.user, goal_id=goal_id))
        return Response({"success": True})


class GoalsGenerateView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="AI goal suggestions (text quota); nothing is saved",
        description="Built from the latest future story, wants analysis and life wheel. Each suggestion is a "
        "`GoalIn` (`source: ai`) ready for `POST /goals/batch`. The body is optional. The quota is charged only "
        "when suggestions are returned.",
        request=GoalsGenerateInputSerializer,
        result=GoalsSuggestionsSerializer,
        errors=(GoalsAITimeout, GoalsAIFailed),
    )
    def post(self, request):
        data = validated(GoalsGenerateInputSerializer, request.data)
        return ai_job_respond(request, kind="goals.generate", params={"limits": data.get("limits")})
