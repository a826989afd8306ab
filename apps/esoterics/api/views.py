from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import api_errors
from apps.core.validation import validated

from .. import services
from ..errors import EsotericsAIFailed, EsotericsAIProxyError
from ..presenters import esoterics_today_public
from .serializers import EsotericsTodayInputSerializer, EsotericsTodayOutputSerializer


class EsotericsTodayView(APIView):
    @extend_schema(
        operation_id="esoterics_today",
        parameters=[
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                required=False,
                description="YYYY-MM-DD, 1900-01-01..2200-12-31; default: today in the user's time zone.",
            )
        ],
        responses=EsotericsTodayOutputSerializer,
    )
    @api_errors(EsotericsAIProxyError, EsotericsAIFailed)
    def get(self, request):
        data = validated(EsotericsTodayInputSerializer, request.query_params)
        today = services.esoterics_today(user=request.user, day=data.get("date"))
        return Response(esoterics_today_public(today))  # plain dict: as the serializer would render it
