from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals
        from .export import register_exporter
        from .selectors import sessions_export

        register_exporter("sessions", sessions_export)
        signals.connect()
