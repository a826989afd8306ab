"""URL resolution remembered per path.

Django resolves every request's path by trying the URL patterns in order: for
`/api/v1/wants/history` that is ~290 Python calls (more than a quarter of the JSON 404's whole
cost), the same work for the same path on every request. `RememberedRoutes` makes a handler
keep up to ROUTES_REMEMBERED matches by path: a path seen before costs one dict lookup. Only
real routes are remembered: not a path that resolves to nothing (it raises, as before), nor
the API's catch-all 404 (`api-not-found`), nor a path longer than REMEMBERED_PATH_LENGTH. A
full memo starts over, so what it holds stays small whatever a client sends.

A match is shared by the requests of its path: Django and DRF only read it (a view's `kwargs`
are a copy of the match's). A request with its own `urlconf` (set by a middleware) resolves as
Django does. The patterns are constants of the process; a test that changes ROOT_URLCONF gets
a new resolver from `get_resolver()`, and with it new memo keys.
"""

from django.urls import get_resolver

ROUTES_REMEMBERED = 4096
REMEMBERED_PATH_LENGTH = 200
NOT_REMEMBERED = frozenset({"api-not-found"})

_matches: dict = {}  # (resolver, path) -> ResolverMatch


def remembered_match(resolver, path: str):
    key = (resolver, path)
    match = _matches.get(key)
    if match is None:
        match = resolver.resolve(path)
        if match.url_name not in NOT_REMEMBERED:
            if len(_matches) >= ROUTES_REMEMBERED:
                _matches.clear()
            _matches[key] = match
    return match


def forget_routes() -> None:
    _matches.clear()


class RememberedRoutes:
    """A mixin for a Django handler (mechta/wsgi.py: the WSGI handler of every server)."""

    def resolve_request(self, request):
        path = request.path_info
        if hasattr(request, "urlconf") or len(path) > REMEMBERED_PATH_LENGTH:
            return super().resolve_request(request)
        match = remembered_match(get_resolver(), path)
        request.resolver_match = match
        return match
