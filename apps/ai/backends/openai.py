"""Any OpenAI-compatible service over httpx (chat completions in JSON mode, image generations).

- Transient failures (429, 5xx, connect errors, timeouts) are retried with exponential backoff,
  at most AI_PROXY_MAX_RETRIES extra attempts; a small Retry-After is honoured.
- Under a job's deadline (client.ai_deadline) each attempt's timeout is capped by the time
  left, no attempt starts and no backoff sleeps past it: the call ends with AITimeout instead.
- The model's answer must be a JSON object matching the task's output serializer; a bad answer
  gets ONE corrective turn (the bad answer plus the error), then AIBadResponse.
- Images come as base64 or as a URL; a URL is fetched over http(s) only, redirects checked hop by
  hop, size-capped while streaming, decoded by Pillow and re-encoded to PNG.
"""

import base64
import binascii
import functools
import io
import ipaddress
import json
import logging
import random
import re
import socket
import ssl
import time
import warnings
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from PIL import Image, UnidentifiedImageError
from rest_framework import serializers

from ..client import AI_CALL_MIN_SECONDS, AIResult, ImageResult, ai_call_timeout, ai_time_left, validate_output
from ..errors import AIBadResponse, AIError, AITimeout, AIUnavailable
from ..prompts import context_json, prompt_render

logger = logging.getLogger(__name__)

RETRY_AFTER_MAX_SECONDS = 10.0
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 4096 * 4096
IMAGE_MAX_REDIRECTS = 3
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
ERROR_TEXT_MAX = 1000

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


# --- HTTP with retries ------------------------------------------------------------------------


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Built once per process: building it (loading the CA bundle) costs ~25 ms of CPU, which
    a client per call paid each time (256 calls at once: 6 s of a worker's CPU)."""
    return httpx.create_ssl_context()


def _client() -> httpx.Client:
    return httpx.Client(
        timeout=settings.AI_PROXY_TIMEOUT_SECONDS, follow_redirects=False, trust_env=False, verify=_tls_context()
    )


def _headers() -> dict:
    headers = {"Accept": "application/json"}
    if settings.AI_PROXY_API_KEY:
        headers["Authorization"] = f"Bearer {settings.AI_PROXY_API_KEY}"
    return headers


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


def _post_json(client: httpx.Client, url: str, payload: dict) -> dict:
    """POST `payload`, retrying transient failures; the decoded JSON body of a 2xx answer."""
    attempts = 1 + max(0, settings.AI_PROXY_MAX_RETRIES)
    failure: AIError = AIError("AI service was not called")
    for attempt in range(attempts):
        response = None
        timeout = ai_call_timeout(settings.AI_PROXY_TIMEOUT_SECONDS)
        try:
            response = client.post(url, json=payload, headers=_headers(), timeout=timeout)
        except httpx.TimeoutException as exc:
            failure = AITimeout(f"AI service timed out ({type(exc).__name__})")
        except httpx.TransportError as exc:
            failure = AIUnavailable(f"AI service unreachable ({type(exc).__name__})")
        else:
            if response.status_code == 429 or response.status_code >= 500:
                failure = AIError(f"AI service answered HTTP {response.status_code}")
            elif response.status_code >= 400:
                raise AIError(f"AI service refused the request: HTTP {response.status_code}")
            else:
                try:
                    body = response.json()
                except ValueError as exc:
                    raise AIBadResponse("AI service answered with something that is not JSON") from exc
                if not isinstance(body, dict):
                    raise AIBadResponse("AI service answered with an unexpected JSON shape")
                return body
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


# --- chat completions in JSON mode -----------------------------------------------------------


def _message_content(body: dict) -> str:
    try:
        content = body["choices"][0]["message"]["content"]
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


def complete_json(*, task: str, locale: str, context: dict, output: type[serializers.Serializer]) -> AIResult:
    messages = [
        {"role": "system", "content": prompt_render(task, locale, context)},
        {"role": "user", "content": context_json(context)},
    ]
    url = f"{settings.AI_PROXY_URL.rstrip('/')}/v1/chat/completions"
    with _client() as client:
        for turn in range(2):
            body = _post_json(
                client,
                url,
                {"model": settings.AI_PROXY_MODEL, "messages": messages, "response_format": {"type": "json_object"}},
            )
            content = _message_content(body)
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
            model = body.get("model")
            return AIResult(dict(data), model if isinstance(model, str) and model else settings.AI_PROXY_MODEL)
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


def _download(client: httpx.Client, url: str) -> bytes:
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


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024)) -> ImageResult:
    url = f"{settings.AI_PROXY_IMAGE_URL.rstrip('/')}/v1/images/generations"
    payload = {"model": settings.AI_PROXY_IMAGE_MODEL, "prompt": prompt, "n": 1, "size": f"{size[0]}x{size[1]}"}
    with _client() as client:
        body = _post_json(client, url, payload)
        try:
            item = body["data"][0]
        except (KeyError, IndexError, TypeError) as exc:
            raise AIBadResponse("Image answer has no data[0]") from exc
        if not isinstance(item, dict):
            raise AIBadResponse("Image answer has no data[0]")
        if isinstance(item.get("b64_json"), str) and item["b64_json"]:
            encoded = item["b64_json"]
            if len(encoded) > IMAGE_MAX_BYTES * 4 // 3 + 4:
                raise AIBadResponse("Image is too large")
            try:
                data = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise AIBadResponse("Image base64 is invalid") from exc
        elif isinstance(item.get("url"), str) and item["url"]:
            data = _download(client, item["url"])
        else:
            raise AIBadResponse("Image answer has neither b64_json nor url")
    png, width, height = image_reencode(data)
    model = body.get("model")
    return ImageResult(png, width, height, model if isinstance(model, str) and model else settings.AI_PROXY_IMAGE_MODEL)
