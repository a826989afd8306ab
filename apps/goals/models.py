from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import UUIDModel

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000
METRIC_MAX_CHARS = 500


class GoalHorizon(models.TextChoices):
    THREE_YEARS = "3y", _("3 years")
    YEAR = "1y", _("1 year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")


class GoalStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("goal status", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("goal status", "in progress")
    DONE = "done", pgettext_lazy("goal status", "done")
    DROPPED = "dropped", pgettext_lazy("goal status", "dropped")


class GoalSize(models.TextChoices):
    SMALL = "small", _("small")
    BIG = "big", _("big")


class GoalSource(models.TextChoices):
    AI = "ai", _("AI")
    MANUAL = "manual", _("manual")


class Goal(UUIDModel):
    """A goal of one user in one area of life. `completed_at` is set exactly while the
    status is `done` (database constraint); deleting a goal deletes its steps (cascade)."""

    Horizon = GoalHorizon
    Status = GoalStatus
    Size = GoalSize
    Source = GoalSource

    # No single-column index on `user`: the indexes in Meta start with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals", db_index=False, verbose_name=_("user")
    )
    # Areas are deactivated, never deleted (PROTECT keeps the reference valid).
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="goals", verbose_name=_("area"))
    title = models.CharField(max_length=TITLE_MAX_CHARS, verbose_name=_("title"))
    description = models.TextField(max_length=DESCRIPTION_MAX_CHARS, blank=True, default="", verbose_name=_("description"))
    horizon = models.CharField(max_length=8, choices=GoalHorizon.choices, verbose_name=_("horizon"))
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED, verbose_name=_("status"))
    priority = models.PositiveSmallIntegerField(default=2, verbose_name=_("priority"))
    size = models.CharField(max_length=8, choices=GoalSize.choices, default=GoalSize.SMALL, verbose_name=_("size"))
    target_date = models.DateField(null=True, blank=True, verbose_name=_("target date"))
    metric = models.CharField(max_length=METRIC_MAX_CHARS, blank=True, default="", verbose_name=_("metric"))
    source = models.CharField(max_length=8, choices=GoalSource.choices, default=GoalSource.MANUAL, verbose_name=_("source"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
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
        # One index per filter of `GET /goals`, each in the list's order (oldest first, id as
        # the tie-break): PostgreSQL reads the rows in order, no sort (selectors.goal_list).
        indexes = [
            models.Index(fields=["user", "created_at", "id"], name="goal_user_created_id_idx"),
            models.Index(fields=["user", "horizon", "created_at", "id"], name="goal_user_horizon_created_idx"),
            models.Index(fields=["user", "status", "created_at", "id"], name="goal_user_status_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.horizon}, {self.status})"
