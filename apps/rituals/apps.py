from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
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
        from .models import JournalEntry, WeeklyReview

        register_exporter("rituals", rituals_export)
        streak_source_register(JournalEntry)  # streaks count the days with a journal entry
        for model in (JournalEntry, WeeklyReview):  # GET /rituals/today's cached answer
            post_save.connect(_rituals_changed, sender=model, dispatch_uid=f"rituals.today.{model.__name__}.saved")
            post_delete.connect(_rituals_changed, sender=model, dispatch_uid=f"rituals.today.{model.__name__}.deleted")


def _rituals_changed(sender, instance, **kwargs):
    from .services import TODAY_CACHE

    TODAY_CACHE.renew(instance.user_id)
