import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JournalEntry(models.Model):
    """A morning or evening ritual entry. `entry_date` is the user's local date when it was
    written (their `time_zone`), so streaks are counted in local days."""

    class Type(models.TextChoices):
        MORNING = "morning", _("morning")
        EVENING = "evening", _("evening")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries", verbose_name=_("user"))
    type = models.CharField(max_length=8, choices=Type.choices, verbose_name=_("type"))
    entry_date = models.DateField(verbose_name=_("date"))
    answers = models.JSONField(default=dict, blank=True, verbose_name=_("answers"))
    mood_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)], verbose_name=_("mood")
    )
    energy_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)], verbose_name=_("energy")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        db_table = "journal_entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "type", "entry_date"], name="journal_entry_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(mood_score__isnull=True) | models.Q(mood_score__gte=1, mood_score__lte=10),
                name="journal_entry_mood_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(energy_score__isnull=True) | models.Q(energy_score__gte=1, energy_score__lte=10),
                name="journal_entry_energy_1_10",
            ),
            models.CheckConstraint(condition=models.Q(type__in=["morning", "evening"]), name="journal_entry_type_valid"),
        ]
        # GET /rituals/entries' filter (a date range) and whole order (newest day first, evening
        # before morning); the streak's DISTINCT entry_date of one user reads it too.
        indexes = [models.Index(fields=["user", "-entry_date", "type"], name="journal_entry_user_newest")]

    def __str__(self) -> str:
        return f"{self.type} {self.entry_date} of {self.user_id}"


class WeeklyReviewStatus(models.TextChoices):
    COMPLETED = "completed", pgettext_lazy("weekly review status", "completed")
    # Archived automatically when the week went unreviewed for more than the grace period.
    ARCHIVED = "archived", pgettext_lazy("weekly review status", "archived")


class WeeklyReview(models.Model):
    """The review of one local ISO week (`week_start` is its Monday in the user's calendar).
    One per user and week — a database constraint: it is what makes `fresh_start` answer
    once even when requests race, and a week reviewed at most once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reviews", verbose_name=_("user")
    )
    week_start = models.DateField(verbose_name=_("week start"))
    status = models.CharField(max_length=16, choices=WeeklyReviewStatus.choices, verbose_name=_("status"))
    user_reflection = models.TextField(blank=True, default="", verbose_name=_("reflection"))
    stats = models.JSONField(default=dict, blank=True, verbose_name=_("statistics"))
    ai_analysis = models.JSONField(null=True, blank=True, verbose_name=_("AI analysis"))
    model = models.CharField(
        max_length=100, blank=True, default="", help_text=_("AI model that wrote the analysis."), verbose_name=_("AI model")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("weekly review")
        verbose_name_plural = pgettext_lazy("model name", "weekly reviews")
        db_table = "weekly_reviews"
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="weekly_review_once_per_week"),
            models.CheckConstraint(
                condition=models.Q(status__in=["completed", "archived"]), name="weekly_review_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"week {self.week_start} of {self.user_id} ({self.status})"
