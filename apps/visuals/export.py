"""GDPR export of the vision board: every picture of one user, with where to download it."""

from .models import VisualAsset
from .presenters import asset_public


def visuals_export(user) -> dict:
    assets = VisualAsset.objects.filter(user=user).order_by("created_at", "id")
    return {"assets": [{**dict(asset_public(asset)), "file_name": asset.file_name} for asset in assets]}
