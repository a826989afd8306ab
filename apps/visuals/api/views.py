"""Visuals API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import api_errors

from .. import selectors
from ..errors import VisualsStoryNotFound
from .serializers import VisualAssetPublicSerializer, asset_public

TAG = ["visuals"]


class VisualsStoryGalleryView(APIView):
    @extend_schema(
        tags=TAG,
        summary="The pictures of one of the caller's stories, oldest first",
        parameters=[OpenApiParameter("story_id", str, OpenApiParameter.PATH, description="UUID of the story")],
        responses=VisualAssetPublicSerializer(many=True),
    )
    @api_errors(VisualsStoryNotFound)
    def get(self, request, story_id):
        return Response(
            [asset_public(asset) for asset in selectors.visuals_gallery(user=request.user, story_id=story_id)]
        )
