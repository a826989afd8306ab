"""SECURITY 42: image URLs from the AI service never reach private, loopback, link-local or
metadata addresses unless AI_IMAGE_ALLOWED_HOSTS names the host; the address actually
connected to is checked, not only the first DNS answer."""

from unittest import mock

import pytest

from apps.ai import client
from apps.ai.backends import openai
from apps.ai.errors import AIBadResponse

from .conftest import image_bytes

IMAGES = "/v1/images/generations"


@pytest.fixture
def image_server(openai_backend, settings):
    """The API on the test server (127.0.0.1), the allow-list empty again for the downloads."""
    settings.AI_IMAGE_ALLOWED_HOSTS = []
    openai_backend.expect_request("/files/picture.png", method="GET").respond_with_data(
        image_bytes("PNG", (32, 32)), content_type="image/png"
    )
    return openai_backend


def answer_with_url(server, url):
    server.expect_request(IMAGES, method="POST").respond_with_json({"created": 1, "data": [{"url": url}]})


def downloads(server) -> list:
    return [request for request, _ in server.log if request.path == "/files/picture.png"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_image_url_is_refused_without_the_allow_list(image_server, host):
    answer_with_url(image_server, f"http://{host}:{image_server.port}/files/picture.png")
    with pytest.raises(AIBadResponse):
        client.generate_image(prompt="a house")
    assert downloads(image_server) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://10.0.0.8/picture.png",
        "http://192.168.1.1/picture.png",
        "http://[::1]/picture.png",
        "http://[::ffff:127.0.0.1]/picture.png",
        "http://100.64.0.1/picture.png",
        "http://0.0.0.0/picture.png",
    ],
)
def test_private_and_metadata_addresses_are_refused(image_server, url):
    answer_with_url(image_server, url)
    with pytest.raises(AIBadResponse, match="non-public"):
        client.generate_image(prompt="a house")


def test_a_host_resolving_to_a_public_address_first_is_checked_where_it_connects(image_server):
    # DNS rebinding: the check's lookup says public, the connection lands on loopback.
    answer_with_url(image_server, f"http://localhost:{image_server.port}/files/picture.png")
    with mock.patch.object(openai, "_resolve", return_value=["93.184.216.34"]), pytest.raises(AIBadResponse):
        client.generate_image(prompt="a house")


def test_allowed_hosts_may_be_private(image_server, settings):
    settings.AI_IMAGE_ALLOWED_HOSTS = ["localhost"]
    answer_with_url(image_server, f"http://localhost:{image_server.port}/files/picture.png")
    assert client.generate_image(prompt="a house").width == 32
