from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StepsConfig(AppConfig):
    name = "apps.steps"
    label = "steps"
    verbose_name = _("Steps")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and the offline composer)
        from .export import steps_export

        register_exporter("steps", steps_export)
