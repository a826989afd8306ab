"""Public dicts of the AI app (API bodies)."""

from apps.core.envelope import error_body

from .jobs.responses import ai_job_error
from .models import AIJob


def ai_job_public(job: AIJob) -> dict:
    """AIJobPublic: the job's state, and its result or error once it finished."""
    return {
        "job_id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "result": job.result if job.status == AIJob.Status.SUCCEEDED else None,
        "error": error_body(ai_job_error(job)) if job.status == AIJob.Status.FAILED else None,
    }
