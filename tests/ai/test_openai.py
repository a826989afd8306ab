"""The openai backend against a real local HTTP server (pytest-httpserver on 127.0.0.1)."""

import base64
import io
import json
import socket
import struct
import threading
import time
import zlib

import pytest
from PIL import Image
from rest_framework import serializers
from werkzeug import Response

from apps.ai import client
from apps.ai.backends.openai import IMAGE_MAX_BYTES, image_reencode
from apps.ai.errors import AIBadResponse, AIError, AITimeout, AIUnavailable

from .conftest import image_bytes

CHAT = "/v1/chat/completions"
IMAGES = "/v1/images/generations"
CONTEXT = {"wants": ["a house by the sea", "learn {Python}"], "name": "Анна"}
GOOD = {"summary": "You want calm and growth.", "themes": ["home", "learning"]}


class AnalysisOutput(serializers.Serializer):
    summary = serializers.CharField(max_length=200)
    themes = serializers.ListField(child=serializers.CharField(), min_length=1)


def chat(content, model="test-model-2024-08"):
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }


def json_response(body, status=200, headers=None):
    return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")


def serve_sequence(server, path, responses):
    """Answer `path` with `responses` in order, repeating the last one."""
    queue = list(responses)

    def handler(request):
        return queue.pop(0) if len(queue) > 1 else queue[0]

    server.expect_request(path, method="POST").respond_with_handler(handler)


def sent_json(server, index=0):
    return json.loads(server.log[index][0].get_data())


def analyze(locale="en"):
    return client.complete_json(task="demo.analyze", locale=locale, context=CONTEXT, output=AnalysisOutput)


# --- chat completions ------------------------------------------------------------------------


def test_success_returns_validated_data_and_response_model(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps(GOOD)))

    result = analyze()

    assert result.data == GOOD
    assert result.model == "test-model-2024-08"
    assert len(openai_backend.log) == 1


def test_model_falls_back_to_the_setting(openai_backend):
    body = chat(json.dumps(GOOD))
    del body["model"]
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(body)

    assert analyze().model == "test-model"


def test_request_shape(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps(GOOD)))

    analyze(locale="ru")

    request = openai_backend.log[0][0]
    assert request.headers["Authorization"] == "Bearer sk-test-123"
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.get_data())
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system"
    assert system["content"].startswith("Ты анализируешь желания человека.")
    assert "learn {Python}" in system["content"] and "Анна" in system["content"]
    assert user["role"] == "user"
    assert json.loads(user["content"]) == CONTEXT


def test_no_authorization_header_without_a_key(openai_backend, settings):
    settings.AI_PROXY_API_KEY = ""
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps(GOOD)))

    analyze()

    assert "Authorization" not in openai_backend.log[0][0].headers


def test_fenced_json_is_accepted(openai_backend):
    fenced = "```json\n" + json.dumps(GOOD, indent=2) + "\n```"
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(fenced))

    assert analyze().data == GOOD
    assert len(openai_backend.log) == 1


def test_invalid_json_then_recovery_sends_a_corrective_turn(openai_backend):
    serve_sequence(
        openai_backend, CHAT, [json_response(chat("Sure! Here it is: {summary")), json_response(chat(json.dumps(GOOD)))]
    )

    result = analyze()

    assert result.data == GOOD
    assert len(openai_backend.log) == 2
    first, second = sent_json(openai_backend, 0), sent_json(openai_backend, 1)
    assert second["messages"][:2] == first["messages"]
    assert second["messages"][2] == {"role": "assistant", "content": "Sure! Here it is: {summary"}
    correction = second["messages"][3]
    assert correction["role"] == "user"
    assert "not valid JSON" in correction["content"]
    assert "one valid JSON object" in correction["content"]
    assert second["response_format"] == {"type": "json_object"}


def test_invalid_json_twice_is_a_bad_response(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat("I cannot answer in JSON."))

    with pytest.raises(AIBadResponse):
        analyze()

    assert len(openai_backend.log) == 2


def test_schema_mismatch_twice_is_a_bad_response(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps({"summary": "x"})))

    with pytest.raises(AIBadResponse):
        analyze()

    assert len(openai_backend.log) == 2
    correction = sent_json(openai_backend, 1)["messages"][3]["content"]
    assert "themes" in correction


def test_schema_mismatch_then_recovery(openai_backend):
    serve_sequence(
        openai_backend,
        CHAT,
        [json_response(chat(json.dumps(["not", "an", "object"]))), json_response(chat(json.dumps(GOOD)))],
    )

    assert analyze().data == GOOD
    assert len(openai_backend.log) == 2


def test_answer_without_choices_is_a_bad_response(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json({"error": "nope"})

    with pytest.raises(AIBadResponse):
        analyze()


def test_non_json_body_is_a_bad_response(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_data(
        "<html>gateway</html>", content_type="text/html"
    )

    with pytest.raises(AIBadResponse):
        analyze()


def test_500_then_success(openai_backend):
    serve_sequence(
        openai_backend, CHAT, [json_response({"error": "boom"}, status=500), json_response(chat(json.dumps(GOOD)))]
    )

    assert analyze().data == GOOD
    assert len(openai_backend.log) == 2


def test_429_then_success_with_retry_after(openai_backend):
    serve_sequence(
        openai_backend,
        CHAT,
        [
            json_response({"error": "slow down"}, status=429, headers={"Retry-After": "0"}),
            json_response(chat(json.dumps(GOOD))),
        ],
    )

    assert analyze().data == GOOD
    assert [response.status_code for _, response in openai_backend.log] == [429, 200]


def test_500_forever_is_an_error_after_max_retries(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json({"error": "down"}, status=503)

    with pytest.raises(AIError) as info:
        analyze()

    assert type(info.value) is AIError
    assert len(openai_backend.log) == 3  # 1 + AI_PROXY_MAX_RETRIES


def test_max_retries_zero_means_one_attempt(openai_backend, settings):
    settings.AI_PROXY_MAX_RETRIES = 0
    openai_backend.expect_request(CHAT, method="POST").respond_with_json({"error": "down"}, status=500)

    with pytest.raises(AIError):
        analyze()

    assert len(openai_backend.log) == 1


def test_client_error_is_not_retried(openai_backend):
    openai_backend.expect_request(CHAT, method="POST").respond_with_json({"error": "bad key"}, status=401)

    with pytest.raises(AIError) as info:
        analyze()

    assert type(info.value) is AIError
    assert len(openai_backend.log) == 1


def test_timeout_after_retries_is_ai_timeout(openai_backend, settings):
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 1
    release = threading.Event()

    def slow(request):
        release.wait(5)  # much longer than the client's timeout
        return json_response(chat(json.dumps(GOOD)))

    openai_backend.expect_request(CHAT, method="POST").respond_with_handler(slow)

    try:
        with pytest.raises(AITimeout):
            analyze()
    finally:
        release.set()
        # let the single-threaded server finish both abandoned requests before the next test
        deadline = time.monotonic() + 10
        while len(openai_backend.log) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(openai_backend.log) == 2


def test_connection_refused_is_unavailable_after_retries(openai_backend, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.AI_PROXY_URL = f"http://127.0.0.1:{port}"

    with pytest.raises(AIUnavailable):
        analyze()


def test_prompt_of_the_other_locale_is_used_when_missing(openai_backend, prompts_dir):
    (prompts_dir / "analyze.ru.txt").unlink()
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps(GOOD)))

    analyze(locale="ru")

    assert sent_json(openai_backend)["messages"][0]["content"].startswith("You analyse a person's wants.")


# --- images ----------------------------------------------------------------------------------


def serve_image_answer(server, item, model="test-image-model-1"):
    server.expect_request(IMAGES, method="POST").respond_with_json({"created": 1, "model": model, "data": [item]})


def generate():
    return client.generate_image(prompt="a house by the sea at dawn")


def decoded(png):
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return image.format, image.size


def test_image_b64_is_reencoded_to_png(openai_backend):
    jpeg = image_bytes("JPEG", (64, 48))
    serve_image_answer(openai_backend, {"b64_json": base64.b64encode(jpeg).decode()})

    result = generate()

    assert result.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert decoded(result.png) == ("PNG", (64, 48))
    assert (result.width, result.height) == (64, 48)
    assert result.model == "test-image-model-1"
    body = sent_json(openai_backend)
    assert body == {"model": "test-image-model", "prompt": "a house by the sea at dawn", "n": 1, "size": "1024x1024"}
    assert openai_backend.log[0][0].headers["Authorization"] == "Bearer sk-test-123"


def test_image_png_is_never_returned_as_received(openai_backend):
    original = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(original, format="PNG", pnginfo=_png_text("Comment", "x" * 500))
    serve_image_answer(openai_backend, {"b64_json": base64.b64encode(original.getvalue()).decode()})

    result = generate()

    assert result.png != original.getvalue()
    assert b"Comment" not in result.png
    assert decoded(result.png) == ("PNG", (32, 32))


def _png_text(key, value):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


def test_image_invalid_base64_is_a_bad_response(openai_backend):
    serve_image_answer(openai_backend, {"b64_json": "%%% not base64 %%%"})

    with pytest.raises(AIBadResponse):
        generate()


def test_image_via_url(openai_backend):
    png = image_bytes("PNG", (80, 60))
    openai_backend.expect_request("/files/picture.png", method="GET").respond_with_data(png, content_type="image/png")
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/picture.png")})

    result = generate()

    assert decoded(result.png) == ("PNG", (80, 60))
    download = openai_backend.log[1][0]
    assert download.path == "/files/picture.png"
    assert "Authorization" not in download.headers  # the API key never goes to the image host


def test_image_url_with_html_is_a_bad_response(openai_backend):
    openai_backend.expect_request("/files/picture.png").respond_with_data(
        "<html><body>Not found</body></html>", content_type="text/html"
    )
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/picture.png")})

    with pytest.raises(AIBadResponse):
        generate()


def test_image_url_error_status_is_a_bad_response(openai_backend):
    openai_backend.expect_request("/files/picture.png").respond_with_data("gone", status=404)
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/picture.png")})

    with pytest.raises(AIBadResponse):
        generate()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/picture.png",
        "gopher://127.0.0.1:70/",
        "data:image/png;base64,AAAA",
        "http:///nohost",
    ],
)
def test_image_url_with_other_scheme_is_a_bad_response(openai_backend, url):
    serve_image_answer(openai_backend, {"url": url})

    with pytest.raises(AIBadResponse):
        generate()

    assert len(openai_backend.log) == 1  # nothing was fetched


def test_image_answer_without_url_or_b64_is_a_bad_response(openai_backend):
    serve_image_answer(openai_backend, {"revised_prompt": "a house"})

    with pytest.raises(AIBadResponse):
        generate()


def _oversized_png() -> bytes:
    # a valid PNG followed by padding: decodable, but bigger than the cap
    payload = image_bytes("PNG", (8, 8)) + b"\0" * (IMAGE_MAX_BYTES + 1024)
    assert image_reencode(payload)  # Pillow would accept it: only the size cap can reject it
    return payload


def test_oversized_download_with_content_length_is_a_bad_response(openai_backend):
    openai_backend.expect_request("/files/big.png").respond_with_data(_oversized_png(), content_type="image/png")
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/big.png")})

    with pytest.raises(AIBadResponse, match="too large"):
        generate()


def test_oversized_streamed_download_stops_at_the_cap(openai_backend):
    payload = _oversized_png()
    chunk = 256 * 1024

    def stream(request):
        chunks = (payload[i : i + chunk] for i in range(0, len(payload), chunk))
        return Response(chunks, content_type="image/png", direct_passthrough=True)

    openai_backend.expect_request("/files/big.png").respond_with_handler(stream)
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/big.png")})

    with pytest.raises(AIBadResponse, match="too large"):
        generate()

    assert "Content-Length" not in openai_backend.log[1][1].headers


def test_redirect_to_file_scheme_is_a_bad_response(openai_backend):
    openai_backend.expect_request("/files/redirect").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/redirect")})

    with pytest.raises(AIBadResponse):
        generate()


def test_relative_redirects_are_followed_and_checked(openai_backend):
    png = image_bytes("PNG", (20, 10))
    openai_backend.expect_request("/files/a").respond_with_data("", status=301, headers={"Location": "/files/b"})
    openai_backend.expect_request("/files/b").respond_with_data("", status=307, headers={"Location": "c.png"})
    openai_backend.expect_request("/files/c.png").respond_with_data(png, content_type="image/png")
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/a")})

    assert decoded(generate().png) == ("PNG", (20, 10))


def test_more_than_three_redirects_is_a_bad_response(openai_backend):
    for hop in range(5):
        openai_backend.expect_request(f"/files/{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/files/{hop + 1}"}
        )
    openai_backend.expect_request("/files/5").respond_with_data(image_bytes(), content_type="image/png")
    serve_image_answer(openai_backend, {"url": openai_backend.url_for("/files/0")})

    with pytest.raises(AIBadResponse, match="redirects"):
        generate()

    assert [request.path for request, _ in openai_backend.log[1:]] == ["/files/0", "/files/1", "/files/2", "/files/3"]


def _png_header_only(width, height) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("side", "reason"),
    [(5_000, "too many pixels"), (60_000, "DecompressionBomb")],  # our 16 Mpx cap; Pillow's own guard
)
def test_decompression_bomb_is_a_bad_response(openai_backend, side, reason):
    bomb = _png_header_only(side, side)
    serve_image_answer(openai_backend, {"b64_json": base64.b64encode(bomb).decode()})

    with pytest.raises(AIBadResponse, match=reason):
        generate()


def test_image_service_500_forever_is_an_error(openai_backend):
    openai_backend.expect_request(IMAGES, method="POST").respond_with_json({"error": "down"}, status=502)

    with pytest.raises(AIError):
        generate()

    assert len(openai_backend.log) == 3


def test_a_worker_loads_the_backend_before_its_first_job(openai_backend):
    """mechta/celery.py warms the backend at worker start: the SDK client exists before any
    call (256 jobs of a fresh worker each waited ~1.3 s for it)."""
    from celery.signals import worker_init

    from apps.ai.backends import openai as backend

    backend._sdk_for.cache_clear()
    worker_init.send(sender=None)
    assert backend._sdk_for.cache_info().currsize == 1
    assert backend._sdk_for.cache_info().hits == 0
    openai_backend.expect_request(CHAT, method="POST").respond_with_json(chat(json.dumps(GOOD)))
    assert analyze().data == GOOD
    assert backend._sdk_for.cache_info().currsize == 1  # the call reused the warmed client
