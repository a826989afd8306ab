"""The OpenAPI parts of an AI endpoint: the `Prefer` header, the 202 answer of async mode and
the errors every AI endpoint can answer with."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from apps.core.schema import api_errors
from apps.limits.errors import QuotaExceeded

from ..errors import AIBusy
from ..models import AIJob


class AIJobAcceptedSerializer(serializers.Serializer):
    job_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AIJob.Status.choices)
    status_url = serializers.CharField(help_text="GET it for the outcome: /api/v1/jobs/{job_id}")


PREFER_PARAMETER = OpenApiParameter(
    "Prefer",
    str,
    OpenApiParameter.HEADER,
    required=False,
    enum=["respond-async"],
    description="`respond-async`: answer 202 with a job id at once instead of waiting; "
    "GET /api/v1/jobs/{job_id} gives the same result or error later.",
)


def ai_job_schema(ok_serializer) -> dict:
    """extend_schema() keyword arguments of an AI endpoint: 200 with the result, 202 in async mode."""
    return {"parameters": [PREFER_PARAMETER], "responses": {200: ok_serializer, 202: AIJobAcceptedSerializer}}


def ai_job_endpoint(*, tags, summary, request, result, errors=(), description=None):
    """The schema of an AI endpoint's view method: `result` in 200 (202 in async mode), the
    `Prefer` header, and besides the module's `errors` the two that `ai_job_respond` itself
    answers with (QUOTA_EXCEEDED, AI_BUSY)."""

    def decorate(func):
        func = api_errors(QuotaExceeded, AIBusy, *errors)(func)
        schema = ai_job_schema(result)
        return extend_schema(tags=tags, summary=summary, description=description, request=request, **schema)(func)

    return decorate
