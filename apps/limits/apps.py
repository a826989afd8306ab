from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "apps.limits"
    label = "limits"
    verbose_name = _("Quotas")

    def ready(self):
        from apps.core.registry import register_exporter

        from .export import quota_export

        register_exporter("quotas", quota_export)
