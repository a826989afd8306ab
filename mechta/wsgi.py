import os

import django
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mechta.settings.base")
django.setup(set_prefix=False)  # as django.core.wsgi.get_wsgi_application

from apps.core.routing import RememberedRoutes  # noqa: E402  (apps load first)


class Handler(RememberedRoutes, WSGIHandler):
    """Django's WSGI handler, resolving each path once (apps/core/routing.py)."""


application = Handler()
