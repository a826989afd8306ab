"""Any OpenAI-compatible service through the official `openai` SDK (chat completions in JSON
mode, image generations). The SDK owns the HTTP: URLs, headers, auth, request bodies, response
types, error classes. What is ours:

- The job's deadline (client.ai_deadline): every attempt's timeout is capped by the time left,
  no attempt starts and no backoff sleeps past it (the call ends with AITimeout instead).
  Transient failures (429, 5xx, connect errors, timeouts) are retried with exponential backoff,
  at most AI_PROXY_MAX_RETRIES extra attempts; a small Retry-After is honoured. Why this loop
  and not the SDK's `max_retries`: see `_request`.
- The model's answer must be a JSON object matching the task's output serializer; a bad answer
  gets ONE corrective turn (the bad answer plus the error), then AIBadResponse.
- Images come as base64 or as a URL; a URL is fetched over http(s) only, redirects checked hop by
  hop, size-capped while streaming, decoded by Pillow and re-encoded to PNG.
- One httpx client per process (connection reuse), shared by the SDK and the image download.
"""

import base64
import binascii
import functools
import io
import ipaddress
import json
import logging
import os
import random
import re
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import httpx
import openai
from django.conf import settings
from openai.types import ImagesResponse
from PIL import Image, UnidentifiedImageError
from rest_framework import serializers

from ..client import AI_CALL_MIN_SECONDS, AIResult, ImageResult, ai_call_timeout, ai_time_left, validate_output
from ..errors import AIBadResponse, AIError, AITimeout, AIUnavailable
from ..prompts import context_json, prompt_render

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_AFTER_MAX_SECONDS = 10.0
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 4096 * 4096
IMAGE_MAX_REDIRECTS = 3
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
ERROR_TEXT_MAX = 1000
# The SDK refuses to be built without a key; an AI proxy that needs none gets this placeholder
# and the Authorization header is omitted from every request (`_extra_headers`).
NO_API_KEY = "unused"

_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)

CORRECTION = {
    "en": (
        "Your previous answer could not be used: {error}\n"
        "Reply again with exactly one valid JSON object in the requested format: "
        "no markdown, no comments, no text before or after it."
    ),
    "ru": (
        "Ваш предыдущий ответ нельзя использовать: {error}\n"
        "Ответьте ещё раз ровно одним корректным JSON-объектом в запрошенном формате: "
        "без markdown, без комментариев, без текста до или после него."
    ),
}


# --- the process's clients ---------------------------------------------------------------------


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Built once per process: building it (loading the CA bundle) costs ~25 ms of CPU."""
    return httpx.create_ssl_context()


_http_lock = threading.Lock()
_http: tuple[int, httpx.Client] | None = None


def _http_client() -> httpx.Client:
    """The process's one httpx client (its connection pool is thread- and gevent-safe), made on
    first use in each process: a forked child never shares its parent's sockets. No proxy or
    other setting from the environment (trust_env=False); redirects are never followed
    implicitly (the image download checks each hop). The SDK's connection limits."""
    global _http
    pid = os.getpid()
    held = _http
    if held is not None and held[0] == pid:
        return held[1]
    with _http_lock:
        if _http is None or _http[0] != pid:
            client = openai.DefaultHttpxClient(
                timeout=settings.AI_PROXY_TIMEOUT_SECONDS,
                follow_redirects=False,
                trust_env=False,
                verify=_tls_context(),
            )
            _http = (pid, client)
        return _http[1]


_sdk_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def _sdk_for(pid: int, base_url: str, api_key: str) -> openai.OpenAI:
    # max_retries=0: the retries are `_request`'s, under the job's deadline.
    return openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, http_client=_http_client())


def _sdk_once(pid: int, base_url: str, api_key: str) -> openai.OpenAI:
    """`_sdk_for`, built by one thread while the others wait (lru_cache alone would let every
    thread of a fresh worker build its own)."""
    with _sdk_lock:
        return _sdk_for(pid, base_url, api_key)


def warm() -> None:
    """Build the client and load the SDK's chat and image resources (lazy imports) now."""
    for service_url in {settings.AI_PROXY_URL, settings.AI_PROXY_IMAGE_URL}:
        if service_url:
            client = _sdk(service_url)
            client.chat.completions  # noqa: B018 - loads the resource
            client.images  # noqa: B018


def _sdk(service_url: str) -> openai.OpenAI:
    """The SDK client of AI_PROXY_URL / AI_PROXY_IMAGE_URL (a service root; the SDK's base URL
    is its /v1), one per process and settings."""
    base_url = f"{service_url.rstrip('/')}/v1"
    return _sdk_once(os.getpid(), base_url, settings.AI_PROXY_API_KEY or NO_API_KEY)


def _extra_headers(attempt: int) -> dict:
    headers: dict = {"X-Stainless-Retry-Count": str(attempt)}
    if not settings.AI_PROXY_API_KEY:
        headers["Authorization"] = openai.omit
    return headers


# --- requests with retries under the deadline --------------------------------------------------


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    try:
        value = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return value if 0 <= value <= RETRY_AFTER_MAX_SECONDS else None


def _backoff(attempt: int, response: httpx.Response | None) -> float:
    base = settings.AI_PROXY_RETRY_BASE_SECONDS
    delay = base * (2**attempt) * (1 + random.random() / 4)
    retry_after = _retry_after(response)
    return max(delay, retry_after) if retry_after is not None else delay


def _request(send: Callable[[float, dict], T]) -> T:
    """`send(timeout, extra_headers)` (one SDK call), retrying transient failures.

    Our loop, not the SDK's `max_retries` (openai 2.x `SyncAPIClient.request` and
    `_sleep_for_retry`): the SDK gives every attempt the same `timeout` it got for the call, and
    sleeps its backoff (0.5 s doubling to 8 s) or a Retry-After of up to two minutes without
    knowing of any deadline, so its last attempt or sleep can run past the job's deadline. Here
    each attempt's timeout is the time left (`ai_call_timeout`, AITimeout when none is), and a
    backoff that would leave less than AI_CALL_MIN_SECONDS ends the call instead.
    """
    attempts = 1 + max(0, settings.AI_PROXY_MAX_RETRIES)
    failure: AIError = AIError("AI service was not called")
    for attempt in range(attempts):
        response = None
        timeout = ai_call_timeout(settings.AI_PROXY_TIMEOUT_SECONDS)
        try:
            return send(timeout, _extra_headers(attempt))
        except openai.APITimeoutError as exc:
            failure = AITimeout("AI service timed out")
            failure.__cause__ = exc
        except openai.APIConnectionError as exc:
            failure = AIUnavailable(f"AI service unreachable ({type(exc.__cause__ or exc).__name__})")
            failure.__cause__ = exc
        except openai.APIStatusError as exc:
            if exc.status_code != 429 and exc.status_code < 500:
                raise AIError(f"AI service refused the request: HTTP {exc.status_code}") from exc
            failure = AIError(f"AI service answered HTTP {exc.status_code}")
            failure.__cause__ = exc
            response = exc.response
        except openai.OpenAIError as exc:
            raise AIError(f"AI service call failed ({type(exc).__name__})") from exc
        except ValueError as exc:  # a body declared as JSON that is not
            raise AIBadResponse("AI service answered with something that is not JSON") from exc
        if attempt + 1 < attempts:
            delay = _backoff(attempt, response)
            left = ai_time_left()
            if left is not None and delay + AI_CALL_MIN_SECONDS > left:
                logger.warning("AI call failed (%s); no time left for a retry before the deadline", failure)
                break
            logger.warning("AI call failed (%s), retry %d/%d in %.2fs", failure, attempt + 1, attempts - 1, delay)
            time.sleep(delay)
    logger.warning("AI call failed after %d attempt(s): %s", attempt + 1, failure)
    raise failure


def _typed(answer: object, kind: type[T]) -> T:
    """The SDK returns the body's text when it is not JSON, and the JSON value as it is when it
    is not an object; it does not validate the fields (they are read defensively below)."""
    if isinstance(answer, kind):
        return answer
    if isinstance(answer, str):
        raise AIBadResponse("AI service answered with something that is not JSON")
    raise AIBadResponse("AI service answered with an unexpected JSON shape")


def _model_name(answer: object, default: str) -> str:
    model = answer.get("model") if isinstance(answer, dict) else getattr(answer, "model", None)
    return model if isinstance(model, str) and model else default


# --- chat completions in JSON mode -----------------------------------------------------------


def _message_content(completion: dict) -> str:
    try:
        content = completion["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise AIBadResponse("AI service answer has no choices[0].message.content") from exc
    return content if isinstance(content, str) else ""


def _parse_answer(content: str, output: type[serializers.Serializer]) -> dict:
    """The answer as validated data; AIBadResponse with a reason the model can act on."""
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AIBadResponse(f"The answer is not valid JSON ({exc}).") from exc
    return validate_output(data, output)


def _chat(messages: list[dict]) -> dict:
    """The chat completion as its JSON object (a ChatCompletion's shape)."""
    sdk = _sdk(settings.AI_PROXY_URL)
    body = {"model": settings.AI_PROXY_MODEL, "messages": messages, "response_format": {"type": "json_object"}}
    # The SDK's documented call for a body as it is (`client.post`): `chat.completions.create`
    # builds the same request but first walks the body through its TypedDict transform, about a
    # seventh of a job's CPU in the worker (bench/PROFILE.md) for a body of plain strings. And
    # `cast_to=object` keeps the answer's JSON as it came: building the ChatCompletion model
    # from it cost ~580 Python calls, for the one string read from it.
    answer = _request(
        lambda timeout, headers: sdk.post(
            "/chat/completions", cast_to=object, body=body, options={"timeout": timeout, "headers": headers}
        )
    )
    return _typed(answer, dict)


def complete_json(*, task: str, locale: str, context: dict, output: type[serializers.Serializer]) -> AIResult:
    messages = [
        {"role": "system", "content": prompt_render(task, locale, context)},
        {"role": "user", "content": context_json(context)},
    ]
    for turn in range(2):
        completion = _chat(messages)
        content = _message_content(completion)
        try:
            data = _parse_answer(content, output)
        except AIBadResponse as exc:
            if turn:
                logger.warning("AI task %s: invalid answer after the corrective turn: %s", task, exc)
                raise
            logger.info("AI task %s: invalid answer, asking once more: %s", task, exc)
            error = str(exc)[:ERROR_TEXT_MAX]
            correction = CORRECTION.get(locale, CORRECTION["en"]).format(error=error)
            messages = [
                *messages,
                {"role": "assistant", "content": content},
                {"role": "user", "content": correction},
            ]
            continue
        return AIResult(dict(data), _model_name(completion, settings.AI_PROXY_MODEL))
    raise AIBadResponse("unreachable")  # pragma: no cover


# --- images ----------------------------------------------------------------------------------


def _host_allowed(host: str) -> bool:
    """AI_IMAGE_ALLOWED_HOSTS (e.g. an image service inside the network) skip the address checks."""
    return host.lower().strip("[]") in {name.lower().strip("[]") for name in settings.AI_IMAGE_ALLOWED_HOSTS}


def _address_public(address: str) -> bool:
    """Only globally routable unicast addresses: no private, loopback, link-local (169.254.x,
    the cloud metadata service), CGNAT, multicast, reserved or unspecified ones."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _check_url(url: str) -> None:
    """Scheme, then (unless the host is allowed) every address the host resolves to. The
    address actually connected to is checked again in `_check_peer` (DNS may answer
    differently the second time)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AIBadResponse(f"Image URL scheme {parts.scheme!r} is not allowed")
    if _host_allowed(parts.hostname):
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = _resolve(parts.hostname, port)
    except (OSError, ValueError) as exc:
        raise AIError(f"Image host does not resolve ({type(exc).__name__})") from exc
    if not addresses or not all(_address_public(address) for address in addresses):
        raise AIBadResponse("Image URL points at a non-public address")


def _check_peer(url: str, response: httpx.Response) -> None:
    if _host_allowed(urlsplit(url).hostname or ""):
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer or not _address_public(str(peer[0])):
        raise AIBadResponse("Image server address is not public")


def _download(url: str) -> bytes:
    """GET the image with our own checks (no API key: the SDK's headers stay with the SDK)."""
    client = _http_client()
    for _hop in range(IMAGE_MAX_REDIRECTS + 1):
        _check_url(url)
        try:
            timeout = ai_call_timeout(settings.AI_PROXY_TIMEOUT_SECONDS)
            with client.stream("GET", url, follow_redirects=False, timeout=timeout) as response:
                _check_peer(url, response)
                if response.is_redirect:
                    location = response.headers.get("Location")
                    if not location:
                        raise AIBadResponse("Image redirect without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise AIBadResponse(f"Image download answered HTTP {response.status_code}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > IMAGE_MAX_BYTES:
                    raise AIBadResponse("Image is too large")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > IMAGE_MAX_BYTES:
                        raise AIBadResponse("Image is too large")
                return bytes(data)
        except httpx.TimeoutException as exc:
            raise AITimeout("Image download timed out") from exc
        except httpx.HTTPError as exc:
            raise AIError(f"Image download failed ({type(exc).__name__})") from exc
    raise AIBadResponse("Too many redirects while downloading the image")


def image_reencode(data: bytes) -> tuple[bytes, int, int]:
    """Decode `data` with Pillow (PNG/JPEG/WebP only, bounded pixels) and return a fresh PNG."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as probe:
                if probe.width * probe.height > IMAGE_MAX_PIXELS:
                    raise AIBadResponse("Image has too many pixels")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                image.load()
                has_alpha = "A" in image.getbands() or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                out = io.BytesIO()
                image.save(out, format="PNG")
                return out.getvalue(), image.width, image.height
    except AIBadResponse:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise AIBadResponse(f"Not a usable image ({type(exc).__name__})") from exc
    except (OSError, SyntaxError, ValueError, TypeError, EOFError) as exc:
        raise AIBadResponse(f"Broken image ({type(exc).__name__})") from exc


def _image_bytes(item: object) -> bytes:
    encoded, url = getattr(item, "b64_json", None), getattr(item, "url", None)
    if isinstance(encoded, str) and encoded:
        if len(encoded) > IMAGE_MAX_BYTES * 4 // 3 + 4:
            raise AIBadResponse("Image is too large")
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise AIBadResponse("Image base64 is invalid") from exc
    if isinstance(url, str) and url:
        return _download(url)
    raise AIBadResponse("Image answer has neither b64_json nor url")


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024)) -> ImageResult:
    sdk = _sdk(settings.AI_PROXY_IMAGE_URL)
    answer = _request(
        lambda timeout, headers: sdk.images.generate(
            model=settings.AI_PROXY_IMAGE_MODEL,
            prompt=prompt,
            n=1,
            size=f"{size[0]}x{size[1]}",  # any size the service takes, not only OpenAI's
            timeout=timeout,
            extra_headers=headers,
        )
    )
    images = _typed(answer, ImagesResponse)
    try:
        item = images.data[0]
    except (AttributeError, KeyError, IndexError, TypeError) as exc:
        raise AIBadResponse("Image answer has no data[0]") from exc
    png, width, height = image_reencode(_image_bytes(item))
    return ImageResult(png, width, height, _model_name(images, settings.AI_PROXY_IMAGE_MODEL))
