"""steps.generate on the AI-job layer: a hierarchical plan suggestion, nothing is saved."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from .ai import StepsAIOutput, steps_generate_context, steps_suggestions
from .errors import StepsAIFailed, StepsAITimeout


@ai_job_register
class StepsGenerateJob(AIJobSpec):
    kind = "steps.generate"
    label = _("steps plan")
    timeout_error = StepsAITimeout
    failed_error = StepsAIFailed
    output = StepsAIOutput
    context = staticmethod(steps_generate_context)  # (*, user, params, locale), as AIJobSpec.context

    def save(self, *, job, user, params, result, locale):
        steps = steps_suggestions(
            data=result.data,
            goal_ids=params["goal_ids"],
            start=date.fromisoformat(params["start_date"]),
            end=date.fromisoformat(params["end_date"]),
        )
        if steps is None:  # the plan left the requested goals or the window: charge nothing
            raise StepsAIFailed()
        return {"steps": steps}
