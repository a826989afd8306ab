from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import schema  # noqa: F401  registers the OpenAPI authentication extension
        from .pgtypes import use_c_timestamp_loader

        use_c_timestamp_loader()
