"""wants.analyze on the AI-job layer: what the AI sees and how its answer is saved."""

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai import WantsAnalysisAIOutput, wants_analyze_context
from .errors import WantsAIFailed, WantsAITimeout, WantsCompletedNotFound
from .models import WantsRaw, WantsRawStatus


def _completed(*, user, raw_id: str):
    """The completed record the job was given: empty when it was deleted between the request
    and the worker (then WantsCompletedNotFound)."""
    return WantsRaw.objects.filter(pk=raw_id, user=user, status=WantsRawStatus.COMPLETED).order_by()


@ai_job_register
class WantsAnalyzeJob(AIJobSpec):
    kind = "wants.analyze"
    label = _("wants analysis")
    timeout_error = WantsAITimeout
    failed_error = WantsAIFailed
    output = WantsAnalysisAIOutput

    def context(self, *, user, params, locale):
        raw = next(iter(_completed(user=user, raw_id=params["raw_id"])), None)
        if raw is None:
            raise WantsCompletedNotFound()
        return wants_analyze_context(raw=raw, locale=locale)

    def save(self, *, job, user, params, result, locale):
        from .presenters import analysis_public

        if not _completed(user=user, raw_id=params["raw_id"]).exists():
            raise WantsCompletedNotFound()
        analysis = services.analysis_save(
            user=user, raw_id=params["raw_id"], data=result.data, model=result.model, job_id=str(job.pk)
        )
        return analysis_public(analysis)
