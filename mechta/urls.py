from importlib import import_module

from django.contrib import admin
from django.core.exceptions import SuspiciousFileOperation, SuspiciousOperation
from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404, HttpResponseRedirect
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from apps.backoffice.signin import admin_signin
from apps.core.docs import RedocView, SchemaView, SwaggerView, favicon, redoc_bundle
from apps.core.views import ApiNotFoundView, health, status_page

DOMAIN_APPS = ["accounts", "limits", "ai", "areas", "life_wheel", "wants", "future_story", "visuals", "goals", "steps",
               "rituals", "gamification", "esoterics", "reminders"]


def by_first_segment(patterns) -> list:
    """The API's routes under one `path("<segment>/", include(...))` per first path segment
    (`wants/`, `me/`...), each app's file unchanged: resolving a path then tries ~20 prefixes
    instead of each of the ~65 routes in turn (607 of a leaderboard read's 2,552 Python calls
    were URL resolution; bench/PROFILE.md). Order within a segment is kept; routes of
    different segments never overlap."""
    exact, groups = [], {}
    for pattern in patterns:
        head, slash, rest = str(pattern.pattern).partition("/")
        if not slash:
            exact.append(pattern)
            continue
        groups.setdefault(head, []).append(path(rest, pattern.callback, pattern.default_args, name=pattern.name))
    return [*exact, *(path(f"{head}/", include(children)) for head, children in groups.items())]


api_v1 = by_first_segment(
    pattern for app in DOMAIN_APPS for pattern in import_module(f"apps.{app}.api.urls").urlpatterns
)


def uploads(request, path):
    """Generated images. On the local disk: served from MEDIA_ROOT (`serve` refuses paths that
    leave the folder and lists no directory). On a remote storage (S3): a redirect to the
    object's URL, so /uploads/ links keep working."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        try:
            return serve(request, path, document_root=storage.location)
        except SuspiciousFileOperation as exc:
            raise Http404 from exc
    try:
        if path.endswith("/") or not storage.exists(path):
            raise Http404
    except (SuspiciousOperation, ValueError) as exc:  # a name outside the bucket's location
        raise Http404 from exc
    return HttpResponseRedirect(storage.url(path))


urlpatterns = [
    path("", status_page, name="status"),
    path("health", health, name="health"),
    path("health/", health),  # probes do not always follow redirects
    path("favicon.ico", favicon, name="favicon"),
    path("admin", RedirectView.as_view(url="/admin/", permanent=True)),
    path("admin/overview/", include("apps.backoffice.urls")),
    path("admin/login/", admin_signin),  # the admin's login with the API's limits (apps/backoffice/signin.py)
    path("admin/", admin.site.urls),
    path("api/schema", SchemaView.as_view(), name="schema"),
    path("docs", SwaggerView.as_view(url_name="schema"), name="docs"),
    path("docs/", RedirectView.as_view(pattern_name="docs", permanent=True, query_string=True)),
    path("redoc", RedocView.as_view(url_name="schema"), name="redoc"),
    path("redoc/", RedirectView.as_view(pattern_name="redoc", permanent=True, query_string=True)),
    path("docs-assets/redoc/bundles/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    re_path(r"^uploads/(?P<path>.+)$", uploads, name="uploads"),
    path("api/v1/", include(api_v1)),
    re_path(r"^api/", ApiNotFoundView.as_view(), name="api-not-found"),
]

handler404 = "apps.core.views.handler404"
handler500 = "apps.core.views.handler500"
