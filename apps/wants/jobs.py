"""wants.analyze on the AI-job layer: what the AI sees and how its answer is saved."""

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai import WantsAnalysisAIOutput, wants_analyze_context
from .errors import WantsAIFailed, WantsAITimeout, WantsCompletedNotFound
from .models import WantsRaw, WantsRawStatus


def _completed_raw(*, user, raw_id: str, fields: tuple[str, ...] | None = None):
    """The completed record the job was given (`fields`: only those, as a dict); 404 when it
    was deleted between the request and the worker."""
    completed = WantsRaw.objects.filter(pk=raw_id, user=user, status=WantsRawStatus.COMPLETED).order_by()
    raw = next(iter(completed if fields is None else completed.values(*fields)), None)
    if raw is None:
        raise WantsCompletedNotFound()
    return raw


@ai_job_register
class WantsAnalyzeJob(AIJobSpec):
    kind = "wants.analyze"
    label = _("wants analysis")
    timeout_error = WantsAITimeout
    failed_error = WantsAIFailed
    output = WantsAnalysisAIOutput

    def context(self, *, user, params, locale):
        return wants_analyze_context(raw=_completed_raw(user=user, raw_id=params["raw_id"]), locale=locale)

    def save(self, *, job, user, params, result, locale):
        from .presenters import analysis_public

        raw_id = _completed_raw(user=user, raw_id=params["raw_id"], fields=("id",))["id"]  # still there
        analysis = services.analysis_save(
            user=user, raw_id=raw_id, data=result.data, model=result.model, job_id=str(job.pk)
        )
        return analysis_public(analysis)
