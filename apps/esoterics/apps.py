from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EsotericsConfig(AppConfig):
    name = "apps.esoterics"
    label = "esoterics"
    verbose_name = _("Esoterics")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import offline  # noqa: F401  registers the offline composer
        from .export import daily_tip_export

        register_exporter("esoterics", daily_tip_export)
