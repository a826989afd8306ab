from django.apps import AppConfig


class GamificationConfig(AppConfig):
    name = "apps.gamification"
    label = "gamification"

    def ready(self):
        from apps.accounts.export import register_exporter

        from .export import gamification_export

        register_exporter("gamification", gamification_export)
