"""What the vision-board jobs show the image service: the picture's prompt and the colour of
its area (the offline backend paints in it). No output to validate: the AI layer re-encodes
the PNG, and save() stores it (services)."""

from apps.areas.errors import AreaNotFound
from apps.areas.selectors import area_get

from . import selectors


def visuals_area_colour(area_id: str) -> str | None:
    """The area's #RRGGBB (cached), or None for an unknown area."""
    try:
        return area_get(area_id=area_id)["color"]
    except AreaNotFound:
        return None


def visuals_generate_story_image_context(*, user, params: dict) -> dict:
    """`visuals.generate_story_image`: the prompt of the story's image `image_key` (404 when
    the story or the key is gone, 400 when its prompt is blank)."""
    story = selectors.visuals_story_get(user=user, story_id=params["story_id"])
    image = selectors.visuals_story_image(story=story, image_key=params["image_key"])
    return {"prompt": image["dall_e_prompt"], "colour": visuals_area_colour(image.get("area_id") or "")}


def visuals_regenerate_context(*, user, params: dict) -> dict:
    """`visuals.regenerate`: the asset's own prompt, in the colour of its story image's area."""
    asset = selectors.visuals_asset_get(user=user, asset_id=params["asset_id"])
    area_id = next((i.get("area_id") for i in asset.story.images if i.get("image_key") == asset.image_key), None)
    return {"prompt": asset.prompt, "colour": visuals_area_colour(area_id or "")}
