"""Request hardening shared by every app: the client's IP behind trusted proxies, the envelope
for a disallowed Host under /api, and `Cache-Control: no-store` on private responses."""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import JsonResponse

from .envelope import error_envelope
from .exceptions import BadRequest

logger = logging.getLogger("django.security.DisallowedHost")

# Responses on these paths carry tokens even without an Authorization header (signin, refresh).
TOKEN_PATH_PREFIX = "/api/v1/auth"


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse_ip(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address. `X-Forwarded-For` is believed only when the peer (REMOTE_ADDR) is
    one of TRUSTED_PROXIES, and then only as far as trusted proxies appended it: the list is
    read from the right, skipping trusted proxies, and the first other address is the client
    (so N proxies in a row need all N listed; anything left of the client is ignored)."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(_parse_ip(remote or ""), networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for hop in reversed([part for part in forwarded.split(",") if part.strip()][:32]):
        address = _parse_ip(hop)
        if address is None:  # garbage was appended by someone untrusted: stop at the last good hop
            break
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client


class ApiHostCheckMiddleware:
    """A Host outside ALLOWED_HOSTS under /api answers the envelope (400 BAD_REQUEST) in one
    log line — never Django's HTML (or, with DEBUG, its debug) page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                request.get_host()
            except DisallowedHost as exc:
                logger.warning("%s", exc)
                return JsonResponse(error_envelope(BadRequest(), request), status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every authenticated or token-bearing /api response: no
    browser, proxy or CDN keeps a token, a profile or an export."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path.startswith("/api/") and (
            path.startswith(TOKEN_PATH_PREFIX) or "HTTP_AUTHORIZATION" in request.META
        ):
            response["Cache-Control"] = "no-store"
        return response
