"""wants.analyze on the AI-job layer: what the AI sees and how its answer is saved."""

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai import WantsAnalysisAIOutput, wants_analyze_context
from .errors import WantsAIFailed, WantsAITimeout, WantsCompletedNotFound
from .selectors import wants_completed_texts


@ai_job_register
class WantsAnalyzeJob(AIJobSpec):
    kind = "wants.analyze"
    label = _("wants analysis")
    timeout_error = WantsAITimeout
    failed_error = WantsAIFailed
    output = WantsAnalysisAIOutput

    def context(self, *, user, params, locale):
        texts = wants_completed_texts(user=user, raw_id=params["raw_id"])
        if texts is None:
            raise WantsCompletedNotFound()
        return wants_analyze_context(texts=texts, locale=locale)

    def save(self, *, job, user, params, result, locale):
        from .presenters import analysis_public

        if wants_completed_texts(user=user, raw_id=params["raw_id"]) is None:  # deleted meanwhile
            raise WantsCompletedNotFound()
        analysis = services.analysis_save(
            user=user, raw_id=params["raw_id"], data=result.data, model=result.model, job_id=str(job.pk)
        )
        return analysis_public(analysis)
