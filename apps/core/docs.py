"""The API documentation pages and the favicon, served without any outside host: Swagger UI
and ReDoc come from drf-spectacular-sidecar, ReDoc without its web fonts and with its
"powered by" logo inlined instead of fetched from a CDN."""

from functools import cache
from pathlib import Path

import drf_spectacular_sidecar
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

REDOC_BUNDLE = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# A blank image: the footer link keeps its text and nothing is fetched.
INLINE_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"


class SchemaView(SpectacularAPIView):
    """The OpenAPI document; `?format=json` is plain JSON that a browser shows inline."""

    def _get_filename(self, request, version):
        return f"mechta-openapi.{self.perform_content_negotiation(request, force=True)[0].format}"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "accepted_media_type", "").endswith("json"):
            response.content_type = "application/json"  # vnd.oai.openapi+json would be downloaded
        return response


class SwaggerView(SpectacularSwaggerView):
    title = "MechtaAI API — Swagger UI"


class RedocView(SpectacularRedocView):
    title = "MechtaAI API — ReDoc"
    template_name = "docs/redoc.html"


@cache
def redoc_bundle_bytes() -> bytes:
    source = REDOC_BUNDLE.read_text(encoding="utf-8")
    return source.replace(REDOC_CDN_LOGO, INLINE_LOGO).encode()


@require_safe
@cache_control(max_age=86400, public=True)
def redoc_bundle(request):
    return HttpResponse(redoc_bundle_bytes(), content_type="text/javascript; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    path = finders.find("core/favicon.ico")
    if not path:  # pragma: no cover - shipped with the app
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")

