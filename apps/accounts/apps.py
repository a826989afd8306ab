from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from . import signals
        from .export import register_exporter
        from .selectors import sessions_export

        register_exporter("sessions", sessions_export)
        signals.connect()
