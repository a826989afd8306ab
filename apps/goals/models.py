from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import UUIDModel

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000
METRIC_MAX_CHARS = 500


class GoalHorizon(models.TextChoices):
    THREE_YEARS = "3y", "3y"
    YEAR = "1y", "1y"
    QUARTER = "quarter", "quarter"
    MONTH = "month", "month"


class GoalStatus(models.TextChoices):
    PLANNED = "planned", "planned"
    IN_PROGRESS = "in_progress", "in_progress"
    DONE = "done", "done"
    DROPPED = "dropped", "dropped"


class GoalSize(models.TextChoices):
    SMALL = "small", "small"
    BIG = "big", "big"


class GoalSource(models.TextChoices):
    AI = "ai", "ai"
    MANUAL = "manual", "manual"


class Goal(UUIDModel):
    """A goal of one user in one area of life. `completed_at` is set exactly while the
    status is `done` (database constraint); deleting a goal deletes its steps (cascade)."""

    Horizon = GoalHorizon
    Status = GoalStatus
    Size = GoalSize
    Source = GoalSource

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    # Areas are deactivated, never deleted (PROTECT keeps the reference valid).
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="goals")
    title = models.CharField(max_length=TITLE_MAX_CHARS)
    description = models.TextField(max_length=DESCRIPTION_MAX_CHARS, blank=True, default="")
    horizon = models.CharField(max_length=8, choices=GoalHorizon.choices)
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED)
    priority = models.PositiveSmallIntegerField(default=2)
    size = models.CharField(max_length=8, choices=GoalSize.choices, default=GoalSize.SMALL)
    target_date = models.DateField(null=True, blank=True)
    metric = models.CharField(max_length=METRIC_MAX_CHARS, blank=True, default="")
    source = models.CharField(max_length=8, choices=GoalSource.choices, default=GoalSource.MANUAL)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "goals"
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1, priority__lte=3), name="goal_priority_1_3"),
            models.CheckConstraint(condition=Q(horizon__in=GoalHorizon.values), name="goal_horizon_valid"),
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_valid"),
            models.CheckConstraint(condition=Q(size__in=GoalSize.values), name="goal_size_valid"),
            models.CheckConstraint(condition=Q(source__in=GoalSource.values), name="goal_source_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="goal_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status=GoalStatus.DONE, completed_at__isnull=False)
                | (~Q(status=GoalStatus.DONE) & Q(completed_at__isnull=True)),
                name="goal_completed_at_iff_done",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "created_at"], name="goal_user_created_idx"),
            models.Index(fields=["user", "horizon", "status"], name="goal_user_horizon_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.horizon}, {self.status})"
