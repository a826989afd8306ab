"""Rituals API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.pagination import paginated_response
from apps.core.prefetch import prefetched
from apps.core.schema import api_errors
from apps.core.validation import validated, validated_query
from apps.steps.api.serializers import StepPublicSerializer

from .. import selectors, services
from ..constants import PLAN_SUGGESTION_MAX_STEPS, REVIEW_GRACE_DAYS, USER_REFLECTION_MAX_CHARS
from ..errors import (
    RitualsAIFailed,
    RitualsAITimeout,
    RitualsAlreadyCompleted,
    RitualsStepsNotFound,
    RitualsWeekAlreadyReviewed,
)
from ..presenters import entry_public, steps_public
from .serializers import (
    JournalEntryCreatedSerializer,
    JournalEntryInputSerializer,
    JournalEntryListQuerySerializer,
    JournalEntryPageSerializer,
    RitualsTodaySerializer,
    WeeklyAnalyzeInputSerializer,
    WeeklyCommitInputSerializer,
    WeeklyReviewCreatedSerializer,
)

TAG = ["rituals"]


class RitualsTodayView(APIView):
    cache_prefetch = staticmethod(services.TODAY_CACHE.prefetch)  # with the session check

    @extend_schema(
        tags=TAG,
        summary="Today's rituals, the streak and the weekly-review interception",
        description=(
            "All dates are in the user's `time_zone`. `interception` concerns the last finished ISO week "
            "(Monday..Sunday), only for weeks after the signup week and only while it has no review: "
            f"`force_review` with `days_overdue` 1..{REVIEW_GRACE_DAYS} (Monday is day 1); on a later day the "
            "week is archived and `fresh_start` is answered once (also when requests race); otherwise null."
        ),
        responses=RitualsTodaySerializer,
    )
    def get(self, request):
        return Response(services.rituals_today_body(user=request.user, found=prefetched(request)))


class RitualsEntryView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Save today's morning or evening ritual (awards XP)",
        description="One entry of each type per local day (a database constraint): a second one is "
        "409 RITUALS_ALREADY_COMPLETED, also when two posts race.",
        request=JournalEntryInputSerializer,
        responses=JournalEntryCreatedSerializer,
    )
    @api_errors(RitualsAlreadyCompleted)
    def post(self, request):
        data = validated(JournalEntryInputSerializer, request.data)
        entry, event, streak = services.journal_entry_create(user=request.user, **data)
        return Response({**entry_public(entry), "gamification_event": event, "streak": streak})


class RitualsEntriesView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The user's journal, newest first (paginated)",
        parameters=[JournalEntryListQuerySerializer],
        responses=JournalEntryPageSerializer,
    )
    def get(self, request):
        params = validated_query(JournalEntryListQuerySerializer, request)
        entries = selectors.journal_entry_page_source(
            user=request.user, date_from=params.get("from"), date_to=params.get("to")
        )
        return paginated_response(request, entries, entry_public, params=params)


class RitualsPlanSuggestionView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Steps to plan next week",
        description="The caller's quarter and month steps with no `planned_date` that are not done or skipped "
        f"(quarter first, then `order_index`); at most {PLAN_SUGGESTION_MAX_STEPS}.",
        responses=StepPublicSerializer(many=True),
    )
    def get(self, request):
        return Response(steps_public(selectors.plan_suggestion(user=request.user)))


class RitualsWeeklyCommitView(APIView):
    @extend_schema(
        tags=TAG,
        summary="Plan the chosen steps into next week",
        description="Sets `planned_date` to dates of the next local ISO week (spread over Monday..Sunday in the "
        "given order) and `status` to `planned`; answers the steps in that order. All or nothing: 404 "
        "RITUALS_STEPS_NOT_FOUND when the list is empty or any id is not one of the caller's open steps "
        "(missing, another user's, done or skipped; `details.step_ids` lists them).",
        request=WeeklyCommitInputSerializer,
        responses=StepPublicSerializer(many=True),
    )
    @api_errors(RitualsStepsNotFound)
    def post(self, request):
        data = validated(WeeklyCommitInputSerializer, request.data)
        steps = services.weekly_plan_commit(user=request.user, step_ids=data["next_week_step_ids"])
        return Response(steps_public(steps))


class RitualsWeeklyAnalyzeView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="AI review of a week (text quota; awards XP)",
        description=(
            "Reviews the last finished local ISO week while it is unreviewed and at most "
            f"{REVIEW_GRACE_DAYS} days overdue (and not before the signup week), else the current week; "
            "409 RITUALS_WEEK_ALREADY_REVIEWED when that week has a review (completed or archived). "
            "`stats` come from the database (entries, mean mood and energy, each day's values, steps "
            "planned in the week and how many are done); `ai_analysis` is written from them and "
            f"`user_reflection` (1..{USER_REFLECTION_MAX_CHARS} characters). The quota is charged only "
            "when the review is saved."
        ),
        request=WeeklyAnalyzeInputSerializer,
        result=WeeklyReviewCreatedSerializer,
        errors=(RitualsWeekAlreadyReviewed, RitualsAITimeout, RitualsAIFailed),
    )
    def post(self, request):
        data = validated(WeeklyAnalyzeInputSerializer, request.data)

        def params() -> dict:
            # Called by the AI layer after the quota check (spec section 4: the quota before any
            # work), so an exhausted quota is 403 even on a week that is already reviewed (409).
            week_start = services.weekly_review_target_week(user=request.user)
            return {"week_start": week_start.isoformat(), "user_reflection": data["user_reflection"]}

        return ai_job_respond(request, kind="rituals.weekly_review", params=params)
