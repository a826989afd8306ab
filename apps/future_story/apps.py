from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FutureStoryConfig(AppConfig):
    name = "apps.future_story"
    label = "future_story"
    verbose_name = _("Future story")

    def ready(self):
        from apps.core.registry import register_exporter

        from . import jobs, offline  # noqa: F401  (register the AI job and the offline composer)
        from .export import future_story_export

        register_exporter("future_story", future_story_export)
