"""GET /api/v1/jobs/{job_id}: the outcome of an AI call made with `Prefer: respond-async`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import api_errors

from ..errors import JobNotFound
from ..presenters import ai_job_public
from ..selectors import ai_job_get
from .serializers import AIJobPublicSerializer


class AIJobDetailView(APIView):
    @extend_schema(
        tags=["jobs"],
        summary="The state and outcome of an AI job (owner only)",
        parameters=[OpenApiParameter("job_id", str, OpenApiParameter.PATH, description="UUID from the 202 answer")],
        responses=AIJobPublicSerializer,
    )
    @api_errors(JobNotFound)
    def get(self, request, job_id):
        return Response(AIJobPublicSerializer(ai_job_public(ai_job_get(user=request.user, job_id=job_id))).data)
