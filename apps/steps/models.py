from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
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

# The level's rank in SQL. Lists order by it (widest level first); the expression indexes
# below hold the same expression, so PostgreSQL reads a goal's steps already in
# that order instead of sorting them (apps/steps/selectors.py, STEP_ORDER).
LEVEL_RANK_SQL = Case(*[When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()], output_field=IntegerField())
# After the level: chronologically (undated last), then the client's order, then a stable tie-break.
STEP_ORDER_AFTER_LEVEL = (F("planned_date").asc(nulls_last=True), F("order_index").asc(), F("created_at").asc(), F("id").asc())
# The same columns in an index. A PostgreSQL btree in ascending order already keeps NULLs
# last (and SQLite refuses NULLS LAST in an index), so the index names no null order.
_INDEX_AFTER_LEVEL = (F("planned_date"), F("order_index"), F("created_at"), F("id"))


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

    # No single-column indexes on `user` and `goal`: the indexes in Meta start with them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steps", db_index=False, verbose_name=_("user")
    )
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="steps", db_index=False, verbose_name=_("goal"))
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
        # `GET /steps` reads every matching step of one user. One goal's plan (the main screen)
        # comes from `step_user_goal_order_idx` already in the list's order (STEP_ORDER); one
        # level from `step_user_level_order_idx` (the rank is then constant and left out of the
        # order; the weekly plan's candidates use it too). The whole list (or one status) is all
        # of the user's rows: PostgreSQL reads them through any index starting with `user` and
        # sorts a few hundred rows in memory, which it costs below an ordered index scan, so no
        # index exists for that order alone (EXPLAIN: docs/notes/shapes.md).
        indexes = [
            models.Index(F("user"), F("goal"), LEVEL_RANK_SQL, *_INDEX_AFTER_LEVEL, name="step_user_goal_order_idx"),
            models.Index(F("user"), F("level"), *_INDEX_AFTER_LEVEL, name="step_user_level_order_idx"),
            models.Index(fields=["user", "planned_date"], name="step_user_planned_date_idx"),
            # A goal's progress (steps_total, steps_done) counts from this index alone; it also
            # serves the cascade when a goal is deleted.
            models.Index(fields=["goal", "status"], name="step_goal_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.level}, {self.status})"
