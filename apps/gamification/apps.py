from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamificationConfig(AppConfig):
    name = "apps.gamification"
    label = "gamification"
    verbose_name = _("Gamification")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import signals
        from .export import gamification_export

        register_exporter("gamification", gamification_export)
        signals.connect()
