"""GET /visuals/story-gallery/{story_id}, the pictures' storage (local MEDIA_ROOT or an S3
bucket) and /uploads/."""

import io
import re
import subprocess
import sys

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from apps.visuals import storage
from tests.future_story.factories import FutureStoryFactory
from tests.future_story.helpers import err, ok

from .conftest import bucket_keys
from .factories import VisualAssetFactory

pytestmark = pytest.mark.django_db

NAME = re.compile(
    r"^[0-9a-f-]{36}/future_story_generated_images/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.png$"
)


def test_gallery_lists_the_storys_assets_oldest_first(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    first = VisualAssetFactory(story=story, image_key="health")
    second = VisualAssetFactory(story=story, image_key="career", prompt="A studio")
    VisualAssetFactory(story=FutureStoryFactory(user=auth_client.user))  # another story of mine
    items = ok(auth_client.get(f"/api/v1/visuals/story-gallery/{story.id}"))
    assert [item["id"] for item in items] == [str(first.id), str(second.id)]
    assert set(items[0]) == {
        "id",
        "story_id",
        "image_key",
        "prompt",
        "url",
        "width",
        "height",
        "created_at",
        "updated_at",
    }
    assert items[0]["story_id"] == str(story.id)
    assert items[0]["url"] == f"/uploads/{first.file_name}"
    assert (items[0]["width"], items[0]["height"]) == (64, 64)


def test_gallery_of_a_story_without_pictures_is_empty(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    assert ok(auth_client.get(f"/api/v1/visuals/story-gallery/{story.id}")) == []


@pytest.mark.parametrize("story_id", ["theirs", "00000000-0000-4000-8000-000000000000", "not-a-uuid"])
def test_gallery_of_another_users_or_missing_story_is_404(auth_client, other_client, story_id):
    theirs = VisualAssetFactory(story=FutureStoryFactory(user=other_client.user))
    target = theirs.story_id if story_id == "theirs" else story_id
    error = err(auth_client.get(f"/api/v1/visuals/story-gallery/{target}"), 404, "VISUALS_STORY_NOT_FOUND")
    assert error["details"] == {}


@pytest.mark.parametrize("count", [1, 12])
def test_gallery_is_a_fixed_number_of_queries(auth_client, django_assert_num_queries, count):
    story = FutureStoryFactory(user=auth_client.user)
    for index in range(count):
        VisualAssetFactory(story=story, image_key=f"key{index}")
    with django_assert_num_queries(3):  # session check + story + assets
        items = ok(auth_client.get(f"/api/v1/visuals/story-gallery/{story.id}"))
    assert len(items) == count


def test_picture_names_are_uuid4_under_the_users_folder(user):
    name = storage.image_save(user_id=user.pk, png=b"\x89PNG fake")
    assert NAME.match(name) and name.startswith(f"{user.pk}/")
    assert storage.image_save(user_id=user.pk, png=b"x") != name


def test_uploads_serves_the_picture_and_lists_no_directory(client, user):
    asset = VisualAssetFactory(story=FutureStoryFactory(user=user))
    response = client.get(f"/uploads/{asset.file_name}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "PNG" and image.size == (64, 64)
    assert client.get(f"/uploads/{user.pk}/future_story_generated_images/").status_code == 404
    assert client.get(f"/uploads/{user.pk}/").status_code == 404
    assert client.get("/uploads/../manage.py").status_code == 404


def test_s3_storage_saves_serves_and_deletes_through_the_bucket(settings, auth_client, s3_storage):
    client, bucket = s3_storage
    story = FutureStoryFactory(user=auth_client.user)
    asset = VisualAssetFactory(story=story)
    assert bucket_keys(client, bucket) == [asset.file_name]
    [item] = ok(auth_client.get(f"/api/v1/visuals/story-gallery/{story.id}"))
    assert item["url"].startswith(
        f"{settings.STORAGES['default']['OPTIONS']['endpoint_url']}/{bucket}/{asset.file_name}?"
    )
    assert "Signature" in item["url"] or "X-Amz-Signature" in item["url"]
    redirect = auth_client.get(f"/uploads/{asset.file_name}")
    assert redirect.status_code == 302 and asset.file_name in redirect["Location"]
    assert auth_client.get(f"/uploads/{auth_client.user.pk}/future_story_generated_images/").status_code == 404
    assert auth_client.get(f"/uploads/{auth_client.user.pk}/nothing.png").status_code == 404
    assert auth_client.get("/uploads/../../etc/passwd").status_code == 404
    storage.image_delete(asset.file_name)
    assert bucket_keys(client, bucket) == []


def test_s3_download_of_the_signed_url_is_the_png(auth_client, s3_storage):
    import httpx

    asset = VisualAssetFactory(story=FutureStoryFactory(user=auth_client.user))
    response = httpx.get(default_storage.url(asset.file_name), trust_env=False)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_settings_switch_to_s3_when_a_bucket_is_named(tmp_path):
    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['default']))"
    env = {
        "DJANGO_SETTINGS_MODULE": "mechta.settings.base",
        "AWS_STORAGE_BUCKET_NAME": "pictures",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"storages.backends.s3.S3Storage"' in out and '"bucket_name": "pictures"' in out
    assert '"endpoint_url": "http://127.0.0.1:9000"' in out
