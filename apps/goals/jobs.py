"""goals.generate on the AI-job layer: suggestions only, nothing is saved."""

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register
from apps.areas.selectors import active_area_ids

from .ai import DEFAULT_LIMITS, GoalsAIOutput, goals_generate_context, goals_suggestions
from .errors import GoalsAIFailed, GoalsAITimeout


@ai_job_register
class GoalsGenerateJob(AIJobSpec):
    kind = "goals.generate"
    label = _("goal suggestions")
    timeout_error = GoalsAITimeout
    failed_error = GoalsAIFailed
    output = GoalsAIOutput
    context = staticmethod(goals_generate_context)  # (*, user, params, locale), as AIJobSpec.context

    def save(self, *, job, user, params, result, locale):
        limits = {**DEFAULT_LIMITS, **(params.get("limits") or {})}
        goals = goals_suggestions(
            data=result.data, active_area_ids=active_area_ids(), max_goals=limits["max_goals"], horizons=limits["horizons"]
        )
        if not goals:  # nothing usable (unknown areas or horizons only): charge nothing
            raise GoalsAIFailed()
        return {"goals": goals}
