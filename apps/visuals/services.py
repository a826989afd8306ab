"""Writes of the vision board: save a story's rendered picture to the storage, replace it.

File safety: a new file is written first; the row then points at it in the same transaction,
and the OLD file is deleted only after that transaction commits. A failure at any point leaves
the old picture working (a new file whose transaction rolls back is removed by the caller's
rollback hook, see apps.ai.jobs.on_rollback_delete)."""

from django.db import transaction

from apps.ai.client import ImageResult
from apps.future_story.models import FutureStory
from apps.gamification.services import xp_award

from . import storage
from .models import VisualAsset


def visuals_story_image_save(*, user, story: FutureStory, image: dict, result: ImageResult, on_new_file=None):
    """Store the rendered picture of `image` (a story's images[] entry) as the story's asset
    for that key — created, or its picture replaced — and award XP `image` once per asset.
    Call inside a transaction. `on_new_file(name)` is told the new file's name (for cleanup
    on rollback). Returns (asset, gamification_event)."""
    with transaction.atomic():
        FutureStory.objects.select_for_update().filter(pk=story.pk).first()  # one writer per story
        name = storage.image_save(user_id=user.pk, png=result.png)
        if on_new_file is not None:
            on_new_file(name)
        asset = VisualAsset.objects.filter(story=story, image_key=image["image_key"]).first()
        if asset is None:
            asset = VisualAsset(user=user, story=story, image_key=image["image_key"])
            old_name = None
        else:
            old_name = asset.file_name
        asset.prompt = image["dall_e_prompt"]
        asset.file_name = name
        asset.width, asset.height = result.width, result.height
        asset.model = (result.model or "")[:128]
        asset.save()
        if old_name and old_name != name:
            transaction.on_commit(lambda: storage.image_delete(old_name))
        event = xp_award(user=user, reason="image", object_id=asset.id)
    return asset, event


def visuals_asset_picture_replace(*, asset: VisualAsset, result: ImageResult, on_new_file=None) -> VisualAsset:
    """Point the asset at a newly rendered picture; its old file goes after the commit."""
    with transaction.atomic():
        asset = VisualAsset.objects.select_for_update().get(pk=asset.pk)
        name = storage.image_save(user_id=asset.user_id, png=result.png)
        if on_new_file is not None:
            on_new_file(name)
        old_name = asset.file_name
        asset.file_name = name
        asset.width, asset.height = result.width, result.height
        asset.model = (result.model or "")[:128]
        asset.save(update_fields=["file_name", "width", "height", "model", "updated_at"])
        if old_name and old_name != name:
            transaction.on_commit(lambda: storage.image_delete(old_name))
    return asset


def visuals_user_files_eraser(user):
    """DELETE /me: read the user's picture names before the rows go; remove the files (and
    anything else in the user's picture folder) after the deletion commits."""
    user_id = user.pk
    names = list(VisualAsset.objects.filter(user=user).values_list("file_name", flat=True))
    return lambda: storage.user_images_delete(user_id=user_id, names=names)


def visuals_assets_delete(*, assets: list[VisualAsset]) -> None:
    """Delete pictures (admin): the rows now, their files after the commit."""
    names = [asset.file_name for asset in assets]
    with transaction.atomic():
        VisualAsset.objects.filter(pk__in=[asset.pk for asset in assets]).delete()
        for name in names:
            transaction.on_commit(lambda name=name: storage.image_delete(name))


def visuals_stories_assets_delete(stories) -> None:
    """What goes with deleted stories (registered with future_story): their pictures."""
    visuals_assets_delete(assets=list(VisualAsset.objects.filter(story__in=stories)))
