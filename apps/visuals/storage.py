"""Pictures go through Django's storage API (`STORAGES["default"]`): MEDIA_ROOT on the local
disk by default (served at /uploads/), an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is
set. Names are `{user_id}/future_story_generated_images/{uuid4}.png`: not guessable, and the
same path scheme on both storages."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

IMAGES_FOLDER = "future_story_generated_images"


def user_images_folder(user_id) -> str:
    return f"{user_id}/{IMAGES_FOLDER}"


def image_save(*, user_id, png: bytes) -> str:
    """Write a PNG under a fresh uuid4 name; the name the storage actually used."""
    name = f"{user_images_folder(user_id)}/{uuid.uuid4()}.png"
    return default_storage.save(name, ContentFile(png, name=name))


def image_url(name: str) -> str:
    return default_storage.url(name)


def image_delete(name: str) -> None:
    """Remove a file; a failure is logged, never raised (the row is already consistent)."""
    try:
        default_storage.delete(name)
    except Exception:  # noqa: BLE001 - storage outage: an orphan file is the lesser harm
        logger.warning("could not delete picture %s", name, exc_info=True)


def user_images_delete(*, user_id, names: list[str]) -> None:
    """Remove the given pictures and anything else left in the user's picture folder."""
    names = set(names)
    try:
        _dirs, files = default_storage.listdir(user_images_folder(user_id))
        names.update(f"{user_images_folder(user_id)}/{file}" for file in files)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except Exception:  # noqa: BLE001
        logger.warning("could not list the pictures of user %s", user_id, exc_info=True)
    for name in sorted(names):
        image_delete(name)
