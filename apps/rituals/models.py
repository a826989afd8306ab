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
