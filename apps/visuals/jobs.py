"""The vision-board pictures on the AI-job layer (image quota): the AI call renders the
picture outside any transaction; save() stores the file and points the asset at it, removing
the new file again if the job's transaction rolls back (late, quota race, any error) and the
old one only after it commits."""

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register, on_rollback_delete

from . import selectors, services
from .ai import visuals_generate_story_image_context, visuals_regenerate_context
from .errors import VisualsAIBadResponse, VisualsAITimeout
from .presenters import asset_public


def _new_file(name: str) -> None:
    on_rollback_delete(default_storage, name)


class VisualsJob(AIJobSpec):
    """What both picture jobs share (not registered itself)."""

    resource = "image"
    timeout_error = VisualsAITimeout
    failed_error = VisualsAIBadResponse


@ai_job_register
class VisualsStoryImageJob(VisualsJob):
    kind = "visuals.generate_story_image"
    label = _("story picture")

    def unique_key(self, params):
        return f"{params['story_id']}:{params['image_key']}"  # one picture per image of the story

    def context(self, *, user, params, locale):
        return visuals_generate_story_image_context(user=user, params=params)

    def save(self, *, job, user, params, result, locale):
        story = selectors.visuals_story_get(user=user, story_id=params["story_id"])
        image = selectors.visuals_story_image(story=story, image_key=params["image_key"])
        asset, event = services.visuals_story_image_save(
            user=user, story=story, image=image, result=result, on_new_file=_new_file
        )
        return {**asset_public(asset), "gamification_event": event}


@ai_job_register
class VisualsRegenerateJob(VisualsJob):
    kind = "visuals.regenerate"
    label = _("picture regenerated")

    def unique_key(self, params):
        return params["asset_id"]  # one new picture at a time per asset

    def context(self, *, user, params, locale):
        return visuals_regenerate_context(user=user, params=params)

    def save(self, *, job, user, params, result, locale):
        asset = selectors.visuals_asset_get(user=user, asset_id=params["asset_id"])
        return asset_public(services.visuals_asset_picture_replace(asset=asset, result=result, on_new_file=_new_file))
