"""Steps API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api.serializers import SuccessSerializer
from apps.core.pagination import paginate
from apps.core.schema import api_errors
from apps.core.validation import validated
from apps.goals.errors import GoalNotFound

from .. import selectors, services
from ..errors import StepNotFound
from .serializers import (
    StepListQuerySerializer,
    StepPublicSerializer,
    StepsBatchInputSerializer,
    StepsPageSerializer,
    StepUpdateInSerializer,
    StepWithEventSerializer,
)

TAG = ["steps"]
STEP_ID = OpenApiParameter("step_id", str, OpenApiParameter.PATH, description="UUID of one of the caller's steps")


class StepListView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The caller's steps (paginated): widest level first, then by planned date and order_index",
        description="Filters `goal_id`, `level`, `status` (422 for a malformed id or a value outside the enums; "
        "a goal that is not the caller's has no steps). A bounded page: `page` (≥1), `page_size` (1..100, default 20).",
        parameters=[StepListQuerySerializer],
        responses=StepsPageSerializer,
    )
    def get(self, request):
        params = validated(StepListQuerySerializer, request.query_params)
        page = paginate(
            selectors.step_list(
                user=request.user, goal_id=params.get("goal_id"), level=params.get("level"), status=params.get("status")
            ),
            page=params["page"],
            page_size=params["page_size"],
        )
        response = Response({"items": StepPublicSerializer(page.items, many=True).data})
        response.pagination = page.meta
        return response


class StepsBatchView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Save a whole tree of steps in one transaction (all or nothing)",
        description="Each item names its parent either by `parent_id` (an existing step of the same goal) or by "
        "`parent_ref`: the `ref` of an EARLIER item of the same batch (so a batch cannot contain a cycle). A child "
        "is always at a narrower level than its parent (year > quarter > month > week > day). `order_index` "
        "defaults to the item's position among its siblings in the batch. The answer lists the saved steps in the "
        "order of the request (item i ↔ result i). Refused with nothing saved: 422 VALIDATION_ERROR (bad item, "
        "duplicate/unknown ref, parent of another goal, level not narrower), 404 GOAL_NOT_FOUND / STEP_NOT_FOUND "
        "(a goal or parent that is not the caller's); `fields` names the item, e.g. `steps.3.goal_id`.",
        request=StepsBatchInputSerializer,
        responses=StepPublicSerializer(many=True),
    )
    @api_errors(GoalNotFound, StepNotFound)
    def post(self, request):
        data = validated(StepsBatchInputSerializer, request.data)
        steps = services.steps_create_batch(user=request.user, steps=data["steps"])
        return Response(StepPublicSerializer(steps, many=True).data)


class StepDetailView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Update a step (fields omitted keep their values)",
        description="`completed_at` follows the status. `gamification_event` is non-null when the status becomes "
        "`done` and the step's XP was not paid before (once per step). A new `parent_id` must be a step of the same "
        "goal at a wider level (404 STEP_NOT_FOUND when it is not the caller's); the goal cannot change (422).",
        parameters=[STEP_ID],
        request=StepUpdateInSerializer,
        responses=StepWithEventSerializer,
    )
    @api_errors(StepNotFound)
    def put(self, request, step_id):
        step = selectors.step_get(user=request.user, step_id=step_id)
        data = validated(StepUpdateInSerializer, request.data)
        step, event = services.step_update(user=request.user, step=step, **data)
        return Response({**StepPublicSerializer(step).data, "gamification_event": event})

    @extend_schema(tags=TAG, summary="Delete a step and all its sub-steps", parameters=[STEP_ID], responses=SuccessSerializer)
    @api_errors(StepNotFound)
    def delete(self, request, step_id):
        services.step_delete(step=selectors.step_get(user=request.user, step_id=step_id))
        return Response({"success": True})
