from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisualsConfig(AppConfig):
    name = "apps.visuals"
    label = "visuals"
    verbose_name = _("Vision board")

    def ready(self):
        from apps.core.registry import register_eraser, register_exporter
        from apps.future_story.services import future_story_delete_hook_register

        from . import jobs  # noqa: F401  (register the AI jobs)
        from .export import visuals_export
        from .services import visuals_stories_assets_delete, visuals_user_files_eraser

        register_exporter("visuals", visuals_export)
        register_eraser("visuals", visuals_user_files_eraser)
        future_story_delete_hook_register("visuals", visuals_stories_assets_delete)
