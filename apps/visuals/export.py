"""GDPR export of the vision board: every picture of one user, with where to download it."""

from .api.serializers import asset_public
from .models import VisualAsset


def visuals_export(user) -> dict:
    assets = VisualAsset.objects.filter(user=user).order_by("created_at", "id")
    return {"assets": [{**dict(asset_public(asset)), "file_name": asset.file_name} for asset in assets]}
