"""What an AI endpoint answers: 202 at once in async mode, else the job's result after the
wait (200) or its error, mapped back to the module's APIError."""

from django.conf import settings
from rest_framework.response import Response

from apps.core.exceptions import APIError
from apps.core.ratelimit import limit_hit
from apps.limits.services import quota_check

from ..models import AIJob
from .create import ai_job_create
from .spec import ai_job_spec
from .turns import turn_give_back
from .waits import WaitSlot, ai_job_wait, job_reload

Status = AIJob.Status


def prefers_async(request) -> bool:
    """RFC 7240 `Prefer: respond-async` (tokens are case-insensitive, comma-separated)."""
    header = request.headers.get("Prefer", "")
    return any(token.split(";")[0].strip().lower() == "respond-async" for token in header.split(","))


def _error_class(code: str) -> type[APIError]:
    pending = [APIError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls
        pending.extend(cls.__subclasses__())
    return APIError


def ai_job_error(job: AIJob) -> APIError:
    """The error a failed job answers with, its message in the current language."""
    cls = _error_class(job.error_code)
    error = APIError(cls.message, details=job.error_details)
    error.code = job.error_code or APIError.code
    error.http_code = job.error_http_code or cls.http_code
    if error.http_code == 503 and "retry_after" in (job.error_details or {}):
        error.headers = {"Retry-After": str(job.error_details["retry_after"])}
    return error


def ai_job_outcome(job: AIJob):
    """The job's result, or raise its error: what the synchronous endpoint answers."""
    if job.status == Status.SUCCEEDED:
        return job.result
    raise ai_job_error(job)


def ai_job_accepted(job: AIJob) -> Response:
    url = f"/api/v1/jobs/{job.pk}"
    response = Response({"job_id": str(job.pk), "status": job.status, "status_url": url}, status=202)
    response["Location"] = url
    response["Preference-Applied"] = "respond-async"
    return response


def ai_rate_limit(user) -> None:
    """429 RATE_LIMITED past AI_RATE_LIMIT_PER_MINUTE requests of one user to AI endpoints
    (all kinds together, refused ones included); 0 switches it off."""
    if settings.AI_RATE_LIMIT_PER_MINUTE > 0:
        limit_hit(scope="ai", ident=str(user.pk), limit=settings.AI_RATE_LIMIT_PER_MINUTE, window=60)


def ai_job_respond(request, *, kind: str, params) -> Response:
    """Run `kind` for the caller: 429 RATE_LIMITED past the per-user AI rate, 403
    QUOTA_EXCEEDED when no unit is left unused and unreserved, 202 in async mode,
    else wait and answer the result (200) or raise the job's error (504 / 502 / 503 AI_BUSY).
    `params` (JSON-able) may be a callable: it then runs after the quota check, so its own
    errors (e.g. 404 for a missing record) come after QUOTA_EXCEEDED."""
    spec = ai_job_spec(kind)
    user = request.user
    ai_rate_limit(user)
    quota_check(user=user, resource=spec.resource)
    if callable(params):
        params = params()
    if prefers_async(request):
        job = ai_job_create(user=user, kind=kind, params=params)
        # In eager mode (no broker) the job has already run: its row says how it ended.
        return ai_job_accepted(job_reload(job) if settings.CELERY_TASK_ALWAYS_EAGER else job)
    with WaitSlot():
        job = ai_job_create(user=user, kind=kind, params=params)
        turn_give_back(request)  # the wait costs no CPU: the next AI request may start
        job = ai_job_wait(job)
    return Response(ai_job_outcome(job))
