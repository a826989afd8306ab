from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamificationConfig(AppConfig):
    name = "apps.gamification"
    label = "gamification"
    verbose_name = _("Gamification")

    def ready(self):
        from apps.accounts.export import register_exporter

        from .export import gamification_export

        register_exporter("gamification", gamification_export)
