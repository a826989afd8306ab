"""Vision-board pictures through the openai backend against a real local HTTP server in the
OpenAI images format: the picture is downloaded safely (http(s) only, redirects checked, size
cap, decoded and re-encoded); any bad answer is 502 VISUALS_AI_BAD_RESPONSE, a slow service
504 VISUALS_AI_TIMEOUT, and neither is charged nor leaves a file or replaces an old one."""

import base64
import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from werkzeug import Response

from apps.visuals.models import VisualAsset
from tests.future_story.factories import FutureStoryFactory
from tests.future_story.helpers import err, image_used, ok
from tests.helpers import HeldAnswer

from .factories import VisualAssetFactory

pytestmark = pytest.mark.django_db(transaction=True)  # files are kept only on a real commit

IMAGES = "/v1/images/generations"
GENERATE = "/api/v1/visuals/generate-story-image"
REGENERATE = "/api/v1/visuals/regenerate"


def png(size=(40, 30), colour=(10, 200, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def answer_with(server, item: dict) -> None:
    server.expect_request(IMAGES, method="POST").respond_with_json({"data": [item], "model": "test-image-model"})


def user_files(user) -> list[str]:
    try:
        return default_storage.listdir(f"{user.pk}/future_story_generated_images")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def story(auth_client):
    return FutureStoryFactory(user=auth_client.user)


def generate(client, story):
    return client.post(GENERATE, {"story_id": str(story.id), "image_key": "health"}, format="json")


def test_image_by_url_is_downloaded_reencoded_and_saved(auth_client, story, openai_backend):
    openai_backend.expect_request("/files/pic.jpg").respond_with_data(png(fmt="JPEG"), content_type="image/jpeg")
    answer_with(openai_backend, {"url": openai_backend.url_for("/files/pic.jpg")})
    asset = ok(generate(auth_client, story))
    assert (asset["width"], asset["height"]) == (40, 30)
    request = openai_backend.log[0][0].get_json()
    assert request["prompt"] == "A runner at sunrise by the sea" and request["model"] == "test-image-model"
    name = VisualAsset.objects.get().file_name
    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.format == "PNG"  # re-encoded, never stored as received
    assert VisualAsset.objects.get().model == "test-image-model"
    assert image_used(auth_client.user) == 1


def test_image_as_base64_is_saved(auth_client, story, openai_backend):
    answer_with(openai_backend, {"b64_json": base64.b64encode(png()).decode()})
    assert ok(generate(auth_client, story))["width"] == 40


@pytest.mark.parametrize(
    "case",
    ["redirect to file://", "20 MB image", "not an image", "no url", "invalid base64", "url is file://", "404"],
)
def test_bad_image_answers_are_502_charge_nothing_and_leave_no_file(auth_client, story, openai_backend, case):
    if case == "redirect to file://":
        openai_backend.expect_request("/files/r").respond_with_data(
            "", status=302, headers={"Location": "file:///etc/passwd"}
        )
        answer_with(openai_backend, {"url": openai_backend.url_for("/files/r")})
    elif case == "20 MB image":
        big = png((8, 8)) + b"\0" * (20 * 1024 * 1024)
        openai_backend.expect_request("/files/big.png").respond_with_data(big, content_type="image/png")
        answer_with(openai_backend, {"url": openai_backend.url_for("/files/big.png")})
    elif case == "not an image":
        openai_backend.expect_request("/files/page").respond_with_data("<html>hi</html>", content_type="image/png")
        answer_with(openai_backend, {"url": openai_backend.url_for("/files/page")})
    elif case == "no url":
        answer_with(openai_backend, {"revised_prompt": "x"})
    elif case == "invalid base64":
        answer_with(openai_backend, {"b64_json": "%%%not base64"})
    elif case == "url is file://":
        answer_with(openai_backend, {"url": "file:///etc/passwd"})
    else:
        openai_backend.expect_request("/files/gone").respond_with_data("gone", status=404)
        answer_with(openai_backend, {"url": openai_backend.url_for("/files/gone")})
    err(generate(auth_client, story), 502, "VISUALS_AI_BAD_RESPONSE")
    assert image_used(auth_client.user) == 0
    assert not VisualAsset.objects.exists() and user_files(auth_client.user) == []


def test_image_service_500s_are_retried_then_502(auth_client, story, openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 2
    openai_backend.expect_request(IMAGES, method="POST").respond_with_data("boom", status=500)
    err(generate(auth_client, story), 502, "VISUALS_AI_BAD_RESPONSE")
    assert len(openai_backend.log) == 3
    assert image_used(auth_client.user) == 0


def test_slow_image_service_is_504(auth_client, story, openai_backend):
    # The service answers only after the client gave up (its timeout, AI_PROXY_TIMEOUT_SECONDS).
    late = Response("{}", content_type="application/json")
    with HeldAnswer(openai_backend, lambda request: late) as slow:
        openai_backend.expect_request(IMAGES, method="POST").respond_with_handler(slow)
        err(generate(auth_client, story), 504, "VISUALS_AI_TIMEOUT")
    assert image_used(auth_client.user) == 0 and not VisualAsset.objects.exists()


def test_regenerate_with_a_bad_answer_keeps_the_old_picture(auth_client, story, openai_backend, client):
    auth_client.user.plan = "pro"
    auth_client.user.save()
    asset = VisualAssetFactory(story=story)
    answer_with(openai_backend, {"url": "file:///etc/passwd"})
    err(auth_client.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"), 502, "VISUALS_AI_BAD_RESPONSE")
    assert VisualAsset.objects.get().file_name == asset.file_name
    assert client.get(f"/uploads/{asset.file_name}").status_code == 200
    assert user_files(auth_client.user) == [asset.file_name.rsplit("/", 1)[1]]


def test_regenerate_with_a_good_answer_replaces_the_file(auth_client, story, openai_backend):
    auth_client.user.plan = "pro"
    auth_client.user.save()
    asset = VisualAssetFactory(story=story)
    answer_with(openai_backend, {"b64_json": base64.b64encode(png((50, 20))).decode()})
    result = ok(auth_client.post(REGENERATE, {"asset_id": str(asset.id)}, format="json"))
    assert (result["width"], result["height"]) == (50, 20)
    assert not default_storage.exists(asset.file_name)
    assert user_files(auth_client.user) == [result["url"].rsplit("/", 1)[1]]
