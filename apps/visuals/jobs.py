"""The vision-board pictures on the AI-job layer (image quota): the AI call renders the
picture outside any transaction; save() stores the file and points the asset at it, removing
the new file again if the job's transaction rolls back (late, quota race, any error) and the
old one only after it commits."""

from django.core.files.storage import default_storage

from apps.ai.jobs import AIJobSpec, ai_job_register, on_rollback_delete, release_db_connection

from . import selectors, services
from .errors import VisualsAIBadResponse, VisualsAITimeout


def _new_file(name: str) -> None:
    on_rollback_delete(default_storage, name)


def _story_image(*, user, params):
    story = selectors.visuals_story_get(user=user, story_id=params["story_id"])
    return story, selectors.visuals_story_image(story=story, image_key=params["image_key"])


@ai_job_register
class VisualsStoryImageJob(AIJobSpec):
    kind = "visuals.generate_story_image"
    resource = "image"
    timeout_error = VisualsAITimeout
    failed_error = VisualsAIBadResponse

    def unique_key(self, params):
        return f"{params['story_id']}:{params['image_key']}"  # one picture per image of the story

    def call(self, *, user, params, locale):
        _story, image = _story_image(user=user, params=params)
        colour = services.visuals_area_colour(image.get("area_id") or "")
        release_db_connection()  # the image service may take many seconds
        return services.visuals_image_render(prompt=image["dall_e_prompt"], colour=colour)

    def save(self, *, job, user, params, result, locale):
        from apps.gamification.api.serializers import GamificationEventSerializer

        from .presenters import asset_public

        story, image = _story_image(user=user, params=params)
        asset, event = services.visuals_story_image_save(
            user=user, story=story, image=image, result=result, on_new_file=_new_file
        )
        return {
            **asset_public(asset),
            "gamification_event": None if event is None else GamificationEventSerializer(event).data,
        }


@ai_job_register
class VisualsRegenerateJob(AIJobSpec):
    kind = "visuals.regenerate"
    resource = "image"
    timeout_error = VisualsAITimeout
    failed_error = VisualsAIBadResponse

    def unique_key(self, params):
        return params["asset_id"]  # one new picture at a time per asset

    def call(self, *, user, params, locale):
        asset = selectors.visuals_asset_get(user=user, asset_id=params["asset_id"])
        area_id = next((i.get("area_id") for i in asset.story.images if i.get("image_key") == asset.image_key), None)
        colour = services.visuals_area_colour(area_id or "")
        release_db_connection()  # the image service may take many seconds
        return services.visuals_image_render(prompt=asset.prompt, colour=colour)

    def save(self, *, job, user, params, result, locale):
        from .presenters import asset_public

        asset = selectors.visuals_asset_get(user=user, asset_id=params["asset_id"])
        return asset_public(services.visuals_asset_picture_replace(asset=asset, result=result, on_new_file=_new_file))
