from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "apps.goals"
    label = "goals"
    verbose_name = _("Goals")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and the offline composer)
        from .export import goals_export

        register_exporter("goals", goals_export)
