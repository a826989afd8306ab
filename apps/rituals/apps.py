from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RitualsConfig(AppConfig):
    name = "apps.rituals"
    label = "rituals"
    verbose_name = _("Rituals")

    def ready(self):
        from apps.core.registry import register_exporter
        from apps.gamification.selectors import streak_source_register

        from . import jobs, offline  # noqa: F401  (register the AI job and its offline composer)
        from .export import rituals_export
        from .models import JournalEntry

        register_exporter("rituals", rituals_export)
        streak_source_register(JournalEntry)  # streaks count the days with a journal entry
