from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RitualsConfig(AppConfig):
    name = "apps.rituals"
    label = "rituals"
    verbose_name = _("Rituals")

    def ready(self):
        from apps.accounts.export import register_exporter

        from .export import rituals_export

        register_exporter("rituals", rituals_export)
