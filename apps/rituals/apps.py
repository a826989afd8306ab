from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "apps.rituals"
    label = "rituals"

    def ready(self):
        from apps.accounts.export import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and its offline composer)
        from .export import rituals_export

        register_exporter("rituals", rituals_export)
