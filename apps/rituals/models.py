import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class JournalEntry(models.Model):
    """A morning or evening ritual entry. `entry_date` is the user's local date when it was
    written (their `time_zone`), so streaks are counted in local days."""

    class Type(models.TextChoices):
        MORNING = "morning", "morning"
        EVENING = "evening", "evening"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    type = models.CharField(max_length=8, choices=Type.choices)
    entry_date = models.DateField()
    answers = models.JSONField(default=dict, blank=True)
    mood_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    energy_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
        indexes = [models.Index(fields=["user", "entry_date"], name="journal_entry_user_date")]

    def __str__(self) -> str:
        return f"{self.type} {self.entry_date} of {self.user_id}"


class WeeklyReviewStatus(models.TextChoices):
    COMPLETED = "completed", "completed"
    # Archived automatically when the week went unreviewed for more than the grace period.
    ARCHIVED = "archived", "archived"


class WeeklyReview(models.Model):
    """The review of one local ISO week (`week_start` is its Monday in the user's calendar).
    One per user and week — a database constraint: it is what makes `fresh_start` answer
    once even when requests race, and a week reviewed at most once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reviews")
    week_start = models.DateField()
    status = models.CharField(max_length=16, choices=WeeklyReviewStatus.choices)
    user_reflection = models.TextField(blank=True, default="")
    stats = models.JSONField(default=dict, blank=True)
    ai_analysis = models.JSONField(null=True, blank=True)
    model = models.CharField(max_length=100, blank=True, default="", help_text="AI model that wrote the analysis.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "weekly_reviews"
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="weekly_review_once_per_week"),
            models.CheckConstraint(
                condition=models.Q(status__in=["completed", "archived"]), name="weekly_review_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"week {self.week_start} of {self.user_id} ({self.status})"
