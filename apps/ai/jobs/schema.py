"""The OpenAPI parts of an AI endpoint: the `Prefer` header and the 202 answer of async mode."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

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
