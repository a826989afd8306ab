from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from apps.core.registry import register_exporter, register_user_change_hook

        from . import signals
        from .cache import me_cache_renew
        from .export import sessions_export

        register_exporter("sessions", sessions_export)
        register_user_change_hook("me", me_cache_renew)  # limits: a quota charge changes /me
        signals.connect()
