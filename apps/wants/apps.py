from django.apps import AppConfig


class WantsConfig(AppConfig):
    name = "apps.wants"
    label = "wants"

    def ready(self):
        from apps.accounts.export import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and the offline composer)
        from .export import wants_export

        register_exporter("wants", wants_export)
