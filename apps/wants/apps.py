from django.apps import AppConfig


class WantsConfig(AppConfig):
    name = "apps.wants"
    label = "wants"

    def ready(self):
        from apps.accounts.export import register_exporter

        from . import offline, tasks  # noqa: F401  (register the offline composer and the Celery task)
        from .export import wants_export

        register_exporter("wants", wants_export)
