from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.authentication import JWTSessionAuthentication
from apps.core.exceptions import APIError, Forbidden, ValidationFailed
from apps.core.locale import locale_active
from apps.core.prefetch import prefetched
from apps.core.schema import api_errors
from apps.core.validation import validated, validated_query

from .. import selectors, services
from ..errors import AreaAlreadyExists, AreaNotFound
from ..presenters import area_public
from .serializers import (
    AreaCreateSerializer,
    AreaListQuerySerializer,
    AreaListSerializer,
    AreaPublicSerializer,
    AreaUpdateSerializer,
)


class IsAdmin(BasePermission):
    """Staff users only; anonymous callers get 401, other users 403 AUTH_FORBIDDEN."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class PublicReadAuthentication(JWTSessionAuthentication):
    """On the public read a bad or expired token does not fail the request: the caller is
    simply anonymous (the token only chooses the locale there). Writes authenticate strictly."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except APIError:
            if request.method in SAFE_METHODS:
                return None
            raise


AREA_ID_PARAMETER = OpenApiParameter("area_id", str, OpenApiParameter.PATH, description="Area slug, e.g. `health`.")


class AreaListView(APIView):
    # The active areas' list rides on the session check's cache round trip.
    cache_prefetch = staticmethod(lambda user_id: selectors.AREAS_CACHE.prefetch(part=selectors.area_list_part(False)))

    def get_permissions(self):
        return [IsAdmin()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        operation_id="areas_list",
        parameters=[AreaListQuerySerializer],
        responses=AreaListSerializer,
        description="Areas by `order_index`. Creates the default areas on first use. Cached 120 s.",
    )
    def get(self, request):
        params = validated_query(AreaListQuerySerializer, request)
        locale = locale_active()
        records = selectors.area_list(include_inactive=params["include_inactive"], found=prefetched(request))
        return Response({"items": [area_public(record, locale) for record in records]})

    @extend_schema(
        operation_id="areas_create",
        request=AreaCreateSerializer,
        responses=AreaPublicSerializer,
        description="Takes the AreaPublic names (`title`, `description` in the caller's locale) or the columns of "
        "each locale (`title_ru`, `title_en`, ...). A title or description given in one locale only is used for "
        "both. An unknown or read-only field is 422.",
    )
    @api_errors(AreaAlreadyExists, Forbidden)
    def post(self, request):
        data = validated(AreaCreateSerializer, request.data)
        area = services.area_create(**data)
        return Response(area_public(selectors.area_record(area)))


class AreaDetailView(APIView):
    authentication_classes = [PublicReadAuthentication]

    def get_permissions(self):
        return [AllowAny()] if self.request.method in SAFE_METHODS else [IsAdmin()]

    @extend_schema(
        operation_id="areas_retrieve",
        parameters=[AREA_ID_PARAMETER],
        responses=AreaPublicSerializer,
        auth=[],
        description="No authentication needed. Inactive areas are readable by id too. Cached 120 s.",
    )
    @api_errors(AreaNotFound)
    def get(self, request, area_id):
        return Response(area_public(selectors.area_get(area_id=area_id)))

    @extend_schema(
        operation_id="areas_update",
        parameters=[AREA_ID_PARAMETER],
        request=AreaUpdateSerializer,
        responses=AreaPublicSerializer,
        description="Partial update; the id cannot be changed. `title` / `description` change the caller's "
        "locale; `title_ru` etc. a given one. An unknown or read-only field is 422, never ignored.",
    )
    @api_errors(AreaNotFound, Forbidden)
    def put(self, request, area_id):
        if isinstance(request.data, dict) and "id" in request.data and request.data["id"] != area_id:
            raise ValidationFailed(fields={"id": [str(_("The id of an area cannot be changed."))]})
        data = validated(AreaUpdateSerializer, request.data, partial=True)
        data.pop("id", None)  # the same id (another one was refused above)
        area = selectors.area_get_for_update(area_id=area_id)
        area = services.area_update(area=area, **data)
        return Response(area_public(selectors.area_record(area)))

    @extend_schema(
        operation_id="areas_destroy",
        parameters=[AREA_ID_PARAMETER],
        responses={200: AreaPublicSerializer},
        description="Soft delete: sets `is_active=false` and returns the area.",
    )
    @api_errors(AreaNotFound, Forbidden)
    def delete(self, request, area_id):
        area = selectors.area_get_for_update(area_id=area_id)
        area = services.area_deactivate(area=area)
        return Response(area_public(selectors.area_record(area)))
