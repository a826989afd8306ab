"""POST /visuals/generate-story-image and POST /visuals/regenerate (image quota) on the offline
backend: the picture is saved through the storage, charged once, XP once per picture; a
failure charges nothing and leaves the old picture working."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from apps.ai import client as ai_client
from apps.ai.errors import AIBadResponse, AITimeout
from apps.ai.models import AIJob
from apps.gamification.models import XPEvent
from apps.limits.services import quota_charge
from apps.visuals.models import VisualAsset
from tests.future_story.factories import FutureStoryFactory
from tests.future_story.helpers import err, image_used, ok

from .factories import VisualAssetFactory

GENERATE = "/api/v1/visuals/generate-story-image"
REGENERATE = "/api/v1/visuals/regenerate"

# Files written by a job are kept only when the job's transaction really commits: tests that
# look at files run with transaction=True.
committed = pytest.mark.django_db(transaction=True)
pytestmark = pytest.mark.django_db


def user_folder_files(user) -> list[str]:
    try:
        return default_storage.listdir(f"{user.pk}/future_story_generated_images")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def pro(auth_client):
    auth_client.user.plan = "pro"
    auth_client.user.save()
    return auth_client


@pytest.fixture
def failing_render(monkeypatch):
    def install(exc):
        def render(**kwargs):
            raise exc

        monkeypatch.setattr(ai_client, "generate_image", render)

    return install


@committed
def test_generate_saves_the_picture_charges_one_image_and_pays_xp(auth_client, client):
    story = FutureStoryFactory(user=auth_client.user)
    asset = ok(auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "health"}, format="json"))
    assert set(asset) == {
        "id",
        "story_id",
        "image_key",
        "prompt",
        "url",
        "width",
        "height",
        "created_at",
        "updated_at",
        "gamification_event",
    }
    assert (asset["story_id"], asset["image_key"]) == (str(story.id), "health")
    assert asset["prompt"] == "A runner at sunrise by the sea"
    assert (asset["width"], asset["height"]) == (1024, 1024)
    assert asset["gamification_event"]["reason"] == "image" and asset["gamification_event"]["xp_awarded"] == 15
    assert asset["url"].startswith(f"/uploads/{auth_client.user.pk}/future_story_generated_images/")
    response = client.get(asset["url"])
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (1024, 1024)
        red, green, blue = image.convert("RGB").resize((1, 1)).getpixel((0, 0))
        assert green > red and green > blue  # the health area's green
    assert image_used(auth_client.user) == 1
    assert ok(auth_client.get(f"/api/v1/visuals/story-gallery/{story.id}"))[0]["id"] == asset["id"]


@committed
def test_generating_a_key_again_replaces_its_picture_and_pays_xp_once(pro):
    story = FutureStoryFactory(user=pro.user)
    body = {"story_id": str(story.id), "image_key": "health"}
    first = ok(pro.post(GENERATE, body, format="json"))
    second = ok(pro.post(GENERATE, body, format="json"))
    assert first["id"] == second["id"] and first["url"] != second["url"]
    assert second["gamification_event"] is None
    assert VisualAsset.objects.count() == 1
    assert user_folder_files(pro.user) == [second["url"].rsplit("/", 1)[1]]
    assert image_used(pro.user) == 2
    assert XPEvent.objects.filter(reason="image").count() == 1


def test_story_of_another_user_is_404_like_a_missing_one(auth_client, other_client):
    theirs = FutureStoryFactory(user=other_client.user)
    for story_id in (theirs.id, "00000000-0000-4000-8000-000000000000"):
        error = err(
            auth_client.post(GENERATE, {"story_id": str(story_id), "image_key": "health"}, format="json"),
            404,
            "VISUALS_STORY_NOT_FOUND",
        )
        assert error["details"] == {}
    assert image_used(auth_client.user) == 0 and not AIJob.objects.exists()


def test_unknown_image_key_is_404(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    err(
        auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "moon"}, format="json"),
        404,
        "VISUALS_IMAGE_KEY_NOT_FOUND",
    )
    assert image_used(auth_client.user) == 0 and not VisualAsset.objects.exists()


def test_blank_prompt_is_400(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    err(
        auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "blank"}, format="json"),
        400,
        "VISUALS_PROMPT_MISSING",
    )
    assert image_used(auth_client.user) == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"image_key": "health"}, "story_id"),
        ({"story_id": "nope", "image_key": "health"}, "story_id"),
        ({"story_id": "00000000-0000-4000-8000-000000000000"}, "image_key"),
    ],
)
def test_bad_generate_input_is_422(auth_client, body, field):
    assert field in err(auth_client.post(GENERATE, body, format="json"), 422, "VALIDATION_ERROR")["fields"]


def test_image_quota_exceeded_is_403_and_makes_nothing(auth_client):
    story = FutureStoryFactory(user=auth_client.user)
    quota_charge(user=auth_client.user, resource="image", key="used")
    error = err(
        auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "health"}, format="json"),
        403,
        "QUOTA_EXCEEDED",
    )
    assert error["details"] == {"resource": "image", "used": 1, "limit": 1}
    assert not VisualAsset.objects.exists() and not AIJob.objects.exists()


@committed
@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [(AIBadResponse("not an image"), 502, "VISUALS_AI_BAD_RESPONSE"), (AITimeout("slow"), 504, "VISUALS_AI_TIMEOUT")],
)
def test_ai_failure_charges_nothing_and_writes_no_file(auth_client, failing_render, exc, status, code):
    story = FutureStoryFactory(user=auth_client.user)
    failing_render(exc)
    err(auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "health"}, format="json"), status, code)
    assert image_used(auth_client.user) == 0
    assert not VisualAsset.objects.exists() and user_folder_files(auth_client.user) == []
    assert not XPEvent.objects.filter(reason="image").exists()


@committed
def test_quota_race_inside_the_job_removes_the_new_file(auth_client, monkeypatch):
    story = FutureStoryFactory(user=auth_client.user)
    real = ai_client.generate_image

    def racing(**kwargs):
        quota_charge(user=auth_client.user, resource="image", key="race")
        return real(**kwargs)

    monkeypatch.setattr(ai_client, "generate_image", racing)
    err(
        auth_client.post(GENERATE, {"story_id": str(story.id), "image_key": "health"}, format="json"),
        403,
        "QUOTA_EXCEEDED",
    )
    assert not VisualAsset.objects.exists() and user_folder_files(auth_client.user) == []


# --- regenerate -----------------------------------------------------------------------------


@committed
def test_regenerate_replaces_the_picture_and_removes_the_old_file_after(pro, client):
    asset = VisualAssetFactory(story=FutureStoryFactory(user=pro.user))
    old_name = asset.file_name
    result = ok(pro.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"))
    assert result["id"] == str(asset.id) and "gamification_event" not in result
    assert (result["width"], result["height"]) == (1024, 1024)
    asset.refresh_from_db()
    assert asset.file_name != old_name and result["url"] == f"/uploads/{asset.file_name}"
    assert not default_storage.exists(old_name) and default_storage.exists(asset.file_name)
    assert client.get(result["url"]).status_code == 200
    assert image_used(pro.user) == 1


@committed
@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [(AIBadResponse("huge"), 502, "VISUALS_AI_BAD_RESPONSE"), (AITimeout("slow"), 504, "VISUALS_AI_TIMEOUT")],
)
def test_regenerate_failure_keeps_the_old_picture_working(pro, client, failing_render, exc, status, code):
    asset = VisualAssetFactory(story=FutureStoryFactory(user=pro.user))
    failing_render(exc)
    err(pro.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"), status, code)
    fresh = VisualAsset.objects.get()
    assert fresh.file_name == asset.file_name and default_storage.exists(asset.file_name)
    assert user_folder_files(pro.user) == [asset.file_name.rsplit("/", 1)[1]]
    assert client.get(f"/uploads/{asset.file_name}").status_code == 200
    assert image_used(pro.user) == 0


@committed
def test_regenerate_failing_while_saving_keeps_the_old_file_and_removes_the_new(pro, monkeypatch):
    asset = VisualAssetFactory(story=FutureStoryFactory(user=pro.user))
    from apps.visuals import storage

    real_save = storage.image_save
    written = []

    def save_then_break(**kwargs):
        written.append(real_save(**kwargs))
        raise RuntimeError("disk full after write")

    monkeypatch.setattr(storage, "image_save", save_then_break)
    err(pro.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"), 502, "VISUALS_AI_BAD_RESPONSE")
    assert default_storage.exists(asset.file_name)
    assert VisualAsset.objects.get().file_name == asset.file_name
    assert image_used(pro.user) == 0


def test_regenerate_another_users_or_missing_asset_is_404(pro, other_client):
    theirs = VisualAssetFactory(story=FutureStoryFactory(user=other_client.user))
    for asset_id in (theirs.id, "00000000-0000-4000-8000-000000000000"):
        err(pro.post(REGENERATE, {"asset_id": str(asset_id)}, format="json"), 404, "VISUALS_ASSET_NOT_FOUND")
    assert image_used(pro.user) == 0 and not AIJob.objects.exists()


def test_regenerate_quota_exceeded_is_403(auth_client):
    asset = VisualAssetFactory(story=FutureStoryFactory(user=auth_client.user))
    quota_charge(user=auth_client.user, resource="image", key="used")
    err(auth_client.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"), 403, "QUOTA_EXCEEDED")
    assert VisualAsset.objects.get().file_name == asset.file_name


def test_russian_error_message(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save()
    error = err(
        auth_client.post(REGENERATE, {"asset_id": "00000000-0000-4000-8000-000000000000"}, format="json"),
        404,
        "VISUALS_ASSET_NOT_FOUND",
    )
    assert error["message"] == "Картинка не найдена."


@committed
def test_generate_and_regenerate_on_s3_keep_exactly_the_current_object(pro, s3_storage):
    from .conftest import bucket_keys

    client, bucket = s3_storage
    story = FutureStoryFactory(user=pro.user)
    asset = ok(pro.post(GENERATE, {"story_id": str(story.id), "image_key": "career"}, format="json"))
    name = VisualAsset.objects.get().file_name
    assert bucket_keys(client, bucket) == [name] and f"/{bucket}/{name}?" in asset["url"]
    ok(pro.post(REGENERATE, {"asset_id": asset["id"]}, format="json"))
    new_name = VisualAsset.objects.get().file_name
    assert new_name != name and bucket_keys(client, bucket) == [new_name]
