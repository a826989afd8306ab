from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WantsConfig(AppConfig):
    name = "apps.wants"
    label = "wants"
    verbose_name = _("Wants")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and the offline composer)
        from .export import wants_export

        register_exporter("wants", wants_export)
