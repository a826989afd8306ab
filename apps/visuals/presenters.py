"""Public dicts of the vision board (API bodies, AI job results, the export)."""

from .api.serializers import VisualAssetPublicSerializer
from .storage import image_url


def asset_public(asset) -> dict:
    return VisualAssetPublicSerializer(
        {
            "id": asset.id,
            "story_id": asset.story_id,
            "image_key": asset.image_key,
            "prompt": asset.prompt,
            "url": image_url(asset.file_name),
            "width": asset.width,
            "height": asset.height,
            "created_at": asset.created_at,
            "updated_at": asset.updated_at,
        }
    ).data
