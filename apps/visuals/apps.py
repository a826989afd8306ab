from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisualsConfig(AppConfig):
    name = "apps.visuals"
    label = "visuals"
    verbose_name = _("Vision board")

    def ready(self):
        from apps.accounts.erasure import register_eraser
        from apps.accounts.export import register_exporter

        from . import jobs  # noqa: F401  (register the AI jobs)
        from .export import visuals_export
        from .services import visuals_user_files_eraser

        register_exporter("visuals", visuals_export)
        register_eraser("visuals", visuals_user_files_eraser)
