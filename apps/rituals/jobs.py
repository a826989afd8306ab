"""rituals.weekly_review on the AI-job layer: what the AI sees and how its answer is saved."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai import WeeklyAIAnalysisSerializer, rituals_weekly_review_context
from .errors import RitualsAIFailed, RitualsAITimeout


@ai_job_register
class WeeklyReviewJob(AIJobSpec):
    kind = "rituals.weekly_review"
    label = _("weekly review")
    timeout_error = RitualsAITimeout
    failed_error = RitualsAIFailed
    output = WeeklyAIAnalysisSerializer
    unique_result_is_final = True  # the week's review, once saved, answers every later request

    def unique_key(self, params):
        return f"week:{params['week_start']}"  # one review per week: a second request joins

    def context(self, *, user, params, locale):
        return rituals_weekly_review_context(
            user=user,
            week_start=date.fromisoformat(params["week_start"]),
            user_reflection=params["user_reflection"],
            locale=locale,
        )

    def save(self, *, job, user, params, result, locale):
        from .presenters import review_created_public

        review, event = services.weekly_review_create(
            user=user,
            week_start=date.fromisoformat(params["week_start"]),
            user_reflection=params["user_reflection"],
            ai_analysis=dict(result.data),
            model=result.model,
        )
        return review_created_public(review, event)
