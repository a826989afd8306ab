from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI auth extension)
        from .export import register_exporter
        from .selectors import sessions_export

        register_exporter("sessions", sessions_export)
