from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import UUIDModel

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000


class StepLevel(models.TextChoices):
    """From the widest to the narrowest: a child step is always at a narrower level than
    its parent (enforced by the services)."""

    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    WEEK = "week", _("week")
    DAY = "day", _("day")


# Depth of each level: a child's rank is greater than its parent's.
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(StepLevel.values)}


class StepStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("step status", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("step status", "in progress")
    DONE = "done", pgettext_lazy("step status", "done")
    SKIPPED = "skipped", pgettext_lazy("step status", "skipped")


class Step(UUIDModel):
    """One step of a goal's plan, in a tree (`parent`, same goal, narrower level). `user`
    repeats the goal's owner so every owner-scoped read is one indexed query. Deleting a
    goal or a step deletes its sub-steps (cascade). `completed_at` is set exactly while the
    status is `done` (database constraint)."""

    Level = StepLevel
    Status = StepStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steps", verbose_name=_("user"))
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="steps", verbose_name=_("goal"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent step"))
    level = models.CharField(max_length=8, choices=StepLevel.choices, verbose_name=_("level"))
    title = models.CharField(max_length=TITLE_MAX_CHARS, verbose_name=_("title"))
    description = models.TextField(max_length=DESCRIPTION_MAX_CHARS, blank=True, default="", verbose_name=_("description"))
    status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.PLANNED, verbose_name=_("status"))
    planned_date = models.DateField(null=True, blank=True, verbose_name=_("planned date"))
    order_index = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
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
