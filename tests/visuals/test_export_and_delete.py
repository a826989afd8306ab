"""GET /me/export holds the user's stories, draft and pictures; DELETE /me removes the picture
files from the storage (local folder or S3 bucket) — after the deletion commits, and only
the user's own."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.accounts.conftest import PASSWORD, signed_in
from tests.accounts.factories import UserFactory
from tests.future_story.factories import FutureStoryAnswerFactory, FutureStoryFactory
from tests.future_story.helpers import err, ok

from .conftest import bucket_keys
from .factories import VisualAssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me():
    return signed_in(UserFactory())  # runs on-commit callbacks like a real commit


def test_export_has_the_draft_the_stories_and_the_pictures(me, other_client):
    FutureStoryAnswerFactory(draft__user=me.user, answer="my answer")
    story = FutureStoryFactory(user=me.user)
    asset = VisualAssetFactory(story=story)
    VisualAssetFactory(story=FutureStoryFactory(user=other_client.user), prompt="their prompt")
    body = ok(me.get("/api/v1/me/export"))
    assert [a["answer"] for a in body["future_story"]["draft"]["answers"]] == ["my answer"]
    assert [s["id"] for s in body["future_story"]["stories"]] == [str(story.id)]
    [picture] = body["visuals"]["assets"]
    assert picture["id"] == str(asset.id) and picture["url"] == f"/uploads/{asset.file_name}"
    assert picture["file_name"] == asset.file_name
    assert "their prompt" not in str(body)


def test_export_without_data_is_empty(me):
    body = ok(me.get("/api/v1/me/export"))
    assert body["future_story"] == {"draft": None, "stories": []}
    assert body["visuals"] == {"assets": []}


def test_delete_me_removes_the_users_pictures_only(me, other_client):
    mine = VisualAssetFactory(story=FutureStoryFactory(user=me.user))
    theirs = VisualAssetFactory(story=FutureStoryFactory(user=other_client.user))
    ok(me.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert not default_storage.exists(mine.file_name)
    assert default_storage.exists(theirs.file_name)


def test_delete_me_on_s3_removes_the_users_objects_only(me, other_client, s3_storage):
    client, bucket = s3_storage
    mine = VisualAssetFactory(story=FutureStoryFactory(user=me.user))
    orphan = default_storage.save(f"{me.user.pk}/future_story_generated_images/orphan.png", ContentFile(b"x"))  # no row
    theirs = VisualAssetFactory(story=FutureStoryFactory(user=other_client.user))
    assert set(bucket_keys(client, bucket)) == {mine.file_name, orphan, theirs.file_name}
    ok(me.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert bucket_keys(client, bucket) == [theirs.file_name]


def test_failed_delete_me_keeps_the_pictures(me, s3_storage):
    client, bucket = s3_storage
    mine = VisualAssetFactory(story=FutureStoryFactory(user=me.user))
    err(me.delete("/api/v1/me", {"password": "Wrong-Pass-1"}, format="json"), 400, "AUTH_INVALID_PASSWORD")
    assert bucket_keys(client, bucket) == [mine.file_name]
