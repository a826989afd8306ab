"""Reads of the vision-board pictures, always scoped by owner: another user's story or
picture answers exactly like a missing one."""


from apps.core.lookups import row_get
from apps.future_story.selectors import future_story_find

from .errors import VisualsAssetNotFound, VisualsImageKeyNotFound, VisualsPromptMissing, VisualsStoryNotFound
from .models import VisualAsset


def visuals_story_get(*, user, story_id):
    story = future_story_find(user=user, story_id=story_id)
    if story is None:
        raise VisualsStoryNotFound()
    return story


def visuals_story_image(*, story, image_key: str) -> dict:
    """The story's `images[]` entry for `image_key`: 404 VISUALS_IMAGE_KEY_NOT_FOUND when
    the story has none, 400 VISUALS_PROMPT_MISSING when its `dall_e_prompt` is blank."""
    image = next((item for item in story.images if item.get("image_key") == image_key), None)
    if image is None:
        raise VisualsImageKeyNotFound()
    if not (image.get("dall_e_prompt") or "").strip():
        raise VisualsPromptMissing()
    return image


def visuals_asset_get(*, user, asset_id) -> VisualAsset:
    return row_get(VisualAsset.objects.filter(user=user), asset_id, VisualsAssetNotFound)


def visuals_gallery(*, user, story_id) -> list[VisualAsset]:
    """The story's pictures, oldest first: two queries whatever their number."""
    story = visuals_story_get(user=user, story_id=story_id)
    return list(VisualAsset.objects.filter(story=story).order_by("created_at", "id"))
