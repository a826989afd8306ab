"""Visuals API: thin views — validate, call one selector or service, serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai.jobs import AIJobView, ai_job_endpoint, ai_job_respond
from apps.core.schema import api_errors
from apps.core.validation import validated

from .. import selectors
from ..errors import (
    VisualsAIBadResponse,
    VisualsAITimeout,
    VisualsAssetNotFound,
    VisualsImageKeyNotFound,
    VisualsPromptMissing,
    VisualsStoryNotFound,
)
from ..presenters import asset_public
from .serializers import (
    VisualAssetPublicSerializer,
    VisualAssetWithEventSerializer,
    VisualGenerateInputSerializer,
    VisualRegenerateInputSerializer,
)

TAG = ["visuals"]


class VisualsGenerateStoryImageView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="Make the picture of one image_key of one of the caller's stories (image quota)",
        description="Generating a key again replaces its picture (the old file goes once the new one is "
        "saved). Awards XP `image` once per picture (`gamification_event`).",
        request=VisualGenerateInputSerializer,
        result=VisualAssetWithEventSerializer,
        errors=(
            VisualsStoryNotFound,
            VisualsImageKeyNotFound,
            VisualsPromptMissing,
            VisualsAIBadResponse,
            VisualsAITimeout,
        ),
    )
    def post(self, request):
        data = validated(VisualGenerateInputSerializer, request.data)

        def params() -> dict:
            story = selectors.visuals_story_get(user=request.user, story_id=data["story_id"])
            selectors.visuals_story_image(story=story, image_key=data["image_key"])
            return {"story_id": str(story.id), "image_key": data["image_key"]}

        return ai_job_respond(request, kind="visuals.generate_story_image", params=params)


class VisualsRegenerateView(AIJobView):
    @ai_job_endpoint(
        tags=TAG,
        summary="A new picture for the same prompt (image quota); the old file stays until the new one is saved",
        request=VisualRegenerateInputSerializer,
        result=VisualAssetPublicSerializer,
        errors=(VisualsAssetNotFound, VisualsAIBadResponse, VisualsAITimeout),
    )
    def post(self, request):
        data = validated(VisualRegenerateInputSerializer, request.data)

        def params() -> dict:
            asset = selectors.visuals_asset_get(user=request.user, asset_id=data["asset_id"])
            return {"asset_id": str(asset.id)}

        return ai_job_respond(request, kind="visuals.regenerate", params=params)


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
