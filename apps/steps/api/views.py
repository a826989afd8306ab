"""Steps API: thin views — validate, call one selector or service, serialize."""

from datetime import timedelta

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.dates import add_months
from apps.core.exceptions import ValidationFailed
from apps.core.schema import SuccessSerializer, api_errors
from apps.core.timezones import local_date
from apps.core.validation import validated, validated_query
from apps.goals.errors import GoalNotFound
from apps.goals.selectors import goal_ids_owned

from .. import selectors, services
from ..errors import StepNotFound, StepsAIFailed, StepsAITimeout, StepsGoalsNotFound
from ..presenters import step_public
from .serializers import (
    StepListQuerySerializer,
    StepPublicSerializer,
    StepsBatchInputSerializer,
    StepsGenerateInputSerializer,
    StepsSuggestionsSerializer,
    StepUpdateInSerializer,
    StepWithEventSerializer,
)

TAG = ["steps"]
# A generated plan spans at most three years (`year_bounds`, whichever bound is given).
PLAN_MAX_DAYS = 3 * 366
STEP_ID = OpenApiParameter("step_id", str, OpenApiParameter.PATH, description="UUID of one of the caller's steps")


class StepListView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Every step of the caller: widest level first, then by planned date and order_index",
        description="A bare array of EVERY matching step, as the seed's clients read it: no `{items}` wrapper, "
        "no paging, `meta.pagination` null. Filters `goal_id`, `level`, `status` (422 for a malformed id or a "
        "value outside the enums; a goal that is not the caller's has no steps).",
        parameters=[StepListQuerySerializer],
        responses=StepPublicSerializer(many=True),
    )
    def get(self, request):
        params = validated_query(StepListQuerySerializer, request)
        rows = selectors.step_rows(
            user=request.user, goal_id=params.get("goal_id"), level=params.get("level"), status=params.get("status")
        )
        return Response([step_public(row) for row in rows])


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
        "(a goal or parent that is not the caller's); `fields` names the item, e.g. `steps.3.goal_id`. A step "
        "created already `done` gets `completed_at` but no XP (paid by `PUT` when the status becomes `done`).",
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
        data = validated(StepUpdateInSerializer, request.data)
        step = selectors.step_get(user=request.user, step_id=step_id)
        step, event = services.step_update(user=request.user, step=step, **data)
        return Response({**StepPublicSerializer(step).data, "gamification_event": event})

    @extend_schema(tags=TAG, summary="Delete a step and all its sub-steps", parameters=[STEP_ID], responses=SuccessSerializer)
    @api_errors(StepNotFound)
    def delete(self, request, step_id):
        services.step_delete(step=selectors.step_get(user=request.user, step_id=step_id))
        return Response({"success": True})


class StepsGenerateView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="AI step plan for 1..10 of the caller's goals (text quota); nothing is saved",
        description="A hierarchical plan per goal as a flat list linked by `ref` / `parent_ref` (parents first): "
        "exactly the items `POST /steps/batch` takes. Each level spans a period from its `planned_date` (year 12 "
        "months, quarter 3, month 1, week 7 days, day 1 day); a child lies inside its parent's period and every "
        "date inside `year_bounds` (default: the caller's today and one year on). Day steps respect "
        "`current_load_hint`: only on its `weekdays`, at most `steps_per_week` per ISO week counting the day steps "
        "already planned. 404 STEPS_GOALS_NOT_FOUND when any id is not one of the caller's goals. The quota is "
        "charged only when a plan is returned.",
        request=StepsGenerateInputSerializer,
        result=StepsSuggestionsSerializer,
        errors=(StepsGoalsNotFound, StepsAITimeout, StepsAIFailed),
    )
    def post(self, request):
        data = validated(StepsGenerateInputSerializer, request.data)
        goal_ids = list(dict.fromkeys(data["goal_ids"]))
        bounds = data.get("year_bounds") or {}
        start = bounds.get("start_date") or local_date(user=request.user)
        end = bounds.get("end_date") or add_months(start, 12) - timedelta(days=1)
        if end <= start:
            raise ValidationFailed(fields={"year_bounds.end_date": [str(_("end_date must be after start_date."))]})
        if (end - start).days > PLAN_MAX_DAYS:  # whichever bound was given (the other is its default)
            raise ValidationFailed(fields={"year_bounds.end_date": [str(_("The plan spans at most three years."))]})

        def params() -> dict:
            owned = goal_ids_owned(user=request.user, goal_ids=goal_ids)
            missing = [str(goal_id) for goal_id in goal_ids if goal_id not in owned]
            if missing:
                raise StepsGoalsNotFound(details={"goal_ids": missing})
            return {
                "goal_ids": [str(goal_id) for goal_id in goal_ids],
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "load": data.get("current_load_hint") or {},
            }

        return ai_job_respond(request, kind="steps.generate", params=params)
