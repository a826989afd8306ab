from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import PageQuerySerializer, paginated_response
from apps.core.schema import api_errors, nullable_response
from apps.core.validation import validated

from .. import selectors, services
from ..errors import LifeWheelEmptyScores, LifeWheelInvalidAreaId
from ..presenters import life_wheel_public
from .serializers import (
    LifeWheelCreatedSerializer,
    LifeWheelCreateSerializer,
    LifeWheelPageSerializer,
)


class LifeWheelView(APIView):
    @extend_schema(
        operation_id="life_wheel_list",
        parameters=[PageQuerySerializer],
        responses=LifeWheelPageSerializer,
        description="The caller's measurements, newest first.",
    )
    def get(self, request):
        return paginated_response(
            request,
            selectors.life_wheel_page_source(user=request.user),
            life_wheel_public,
        )

    @extend_schema(
        operation_id="life_wheel_create",
        request=LifeWheelCreateSerializer,
        responses=LifeWheelCreatedSerializer,
        description="Save a measurement (scores of active areas, 0..10) and award XP.",
    )
    @api_errors(LifeWheelEmptyScores, LifeWheelInvalidAreaId)
    def post(self, request):
        data = validated(LifeWheelCreateSerializer, request.data)
        wheel, event = services.life_wheel_create(user=request.user, **data)
        return Response({**life_wheel_public(wheel), "gamification_event": event})


class LifeWheelLatestView(APIView):
    @extend_schema(
        operation_id="life_wheel_latest",
        # LifeWheelPublic or null; the component is defined by the list and create operations.
        responses=nullable_response("LifeWheelPublic", "The newest measurement, or null when there is none."),
    )
    def get(self, request):
        latest = selectors.life_wheel_latest(user=request.user)
        return Response(None if latest is None else life_wheel_public(latest))
