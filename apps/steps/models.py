from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.core.models import UUIDModel

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000


class StepLevel(models.TextChoices):
    """From the widest to the narrowest: a child step is always at a narrower level than
    its parent (enforced by the services)."""

    YEAR = "year", "year"
    QUARTER = "quarter", "quarter"
    MONTH = "month", "month"
    WEEK = "week", "week"
    DAY = "day", "day"


# Depth of each level: a child's rank is greater than its parent's.
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(StepLevel.values)}


class StepStatus(models.TextChoices):
    PLANNED = "planned", "planned"
    IN_PROGRESS = "in_progress", "in_progress"
    DONE = "done", "done"
    SKIPPED = "skipped", "skipped"


class Step(UUIDModel):
    """One step of a goal's plan, in a tree (`parent`, same goal, narrower level). `user`
    repeats the goal's owner so every owner-scoped read is one indexed query. Deleting a
    goal or a step deletes its sub-steps (cascade). `completed_at` is set exactly while the
    status is `done` (database constraint)."""

    Level = StepLevel
    Status = StepStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steps")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="steps")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    level = models.CharField(max_length=8, choices=StepLevel.choices)
    title = models.CharField(max_length=TITLE_MAX_CHARS)
    description = models.TextField(max_length=DESCRIPTION_MAX_CHARS, blank=True, default="")
    status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.PLANNED)
    planned_date = models.DateField(null=True, blank=True)
    order_index = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "steps"
        constraints = [
            models.CheckConstraint(condition=Q(level__in=StepLevel.values), name="step_level_valid"),
            models.CheckConstraint(condition=Q(status__in=StepStatus.values), name="step_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="step_title_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="step_not_own_parent"),
            models.CheckConstraint(
                condition=Q(status=StepStatus.DONE, completed_at__isnull=False)
                | (~Q(status=StepStatus.DONE) & Q(completed_at__isnull=True)),
                name="step_completed_at_iff_done",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "goal", "level"], name="step_user_goal_level_idx"),
            models.Index(fields=["user", "level", "status"], name="step_user_level_status_idx"),
            models.Index(fields=["user", "planned_date"], name="step_user_planned_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.level}, {self.status})"
