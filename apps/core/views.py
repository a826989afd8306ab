import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from .envelope import error_envelope
from .exceptions import InternalError, NotFound
from .health import CHECK_LABELS, STATUS_LABELS, CheckResult, as_dict, run_checks
from .registry import status_lines

logger = logging.getLogger("apps.core.errors")

FEATURE_LABELS = {"reminders": gettext_lazy("Reminders")}


@require_safe
def status_page(request):
    checks = run_checks()
    rows = [
        {"name": name, "label": CHECK_LABELS.get(name, name), "status_label": STATUS_LABELS.get(c.status, c.status), "check": c}
        for name, c in checks.items()
    ]
    rows += _feature_rows()
    return render(
        request,
        "status.html",
        {"rows": rows, "version": settings.VERSION, "ok": all(c.healthy for c in checks.values())},
    )


def _feature_rows() -> list[dict]:
    """The status lines other apps register (apps.core.registry), e.g. "Reminders: off"."""
    rows = []
    for name, line in status_lines().items():
        try:
            status, detail = line()
        except Exception as exc:  # a broken line must not break the status page
            status, detail = "down", type(exc).__name__
        label = FEATURE_LABELS.get(name, name)
        rows.append({"name": name, "label": label, "status_label": STATUS_LABELS.get(status, status), "check": CheckResult(status, detail=detail)})
    return rows


@require_safe
def health(request):
    checks = run_checks()
    ok = all(c.healthy for c in checks.values())
    failing = [name for name, c in checks.items() if not c.healthy]
    return JsonResponse({"ok": ok, "checks": as_dict(checks), "failing": failing}, status=200 if ok else 503)


@extend_schema(exclude=True)
class ApiNotFoundView(APIView):
    """Catch-all for unknown /api/v1 paths: 404 NOT_FOUND in the envelope, any method."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def dispatch(self, request, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.request = self.initialize_request(request, *args, **kwargs)
        self.headers = self.default_response_headers
        response = self.handle_exception(NotFound())
        return self.finalize_response(self.request, response, *args, **kwargs)


def is_api_path(request) -> bool:
    return request.path.startswith("/api/")


def handler404(request, exception=None):
    if is_api_path(request):
        return JsonResponse(error_envelope(NotFound(), request), status=404)
    return JsonResponse({"detail": "Not found."}, status=404)


def handler500(request):
    error = InternalError()
    if is_api_path(request):
        return JsonResponse(error_envelope(error, request), status=500)
    return JsonResponse({"detail": "Server error."}, status=500)
