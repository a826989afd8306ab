from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

# A change of these user fields moves the user's next fires (zone) or their channels.
SCHEDULE_FIELDS = {"time_zone", "telegram_id", "email", "is_email_verified"}


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from django.contrib.auth import get_user_model

        from apps.core.registry import register_exporter, register_status_line
        from apps.rituals.models import JournalEntry, WeeklyReview

        from .export import reminders_export
        from .status import beat_status

        register_exporter("reminders", reminders_export)
        register_status_line("reminders", beat_status)
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="reminders.user.saved")
        post_save.connect(_entry_saved, sender=JournalEntry, dispatch_uid="reminders.entry.saved")
        post_save.connect(_review_saved, sender=WeeklyReview, dispatch_uid="reminders.review.saved")


def _user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """New users get the default schedule; a time-zone change (PUT /me, admin) or a newly
    linked Telegram account recomputes it."""
    if raw:
        return
    if created or update_fields is None or SCHEDULE_FIELDS & set(update_fields):
        from .services import schedule_recompute

        schedule_recompute(user=instance)


def _entry_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(instance.user, instance.type)


def _review_saved(sender, instance, created, raw=False, **kwargs):
    from apps.rituals.models import WeeklyReviewStatus

    if created and not raw and instance.status == WeeklyReviewStatus.COMPLETED:
        _after_commit(instance.user, "weekly_review")


def _after_commit(user, kind: str) -> None:
    """Reminders react after the entry is committed, outside its transaction (and its query
    budget): the kind is no longer ignored or paused, its next fire recomputed."""
    from django.db import transaction

    from .services import ritual_written

    transaction.on_commit(lambda: ritual_written(user=user, kind=kind))
