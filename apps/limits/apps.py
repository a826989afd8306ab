from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "apps.limits"
    label = "limits"

    def ready(self):
        from apps.accounts.export import register_exporter

        from .selectors import quota_export

        register_exporter("quotas", quota_export)
