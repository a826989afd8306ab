from django.conf import settings
from django.db import models


class XPEvent(models.Model):
    """The XP ledger: each (user, reason, object) pays once — a database constraint, so
    undoing and redoing an action, even concurrently, never pays twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xp_events")
    reason = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    xp = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "xp_events"
        constraints = [
            models.UniqueConstraint(fields=["user", "reason", "object_id"], name="xp_event_once_per_object"),
        ]


class XPTotal(models.Model):
    """Running XP total per user (the ledger's sum), for profile and leaderboard reads."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="xp_total")
    xp = models.PositiveIntegerField(default=0)
    # When the current total was reached: leaderboard ties go to the earliest.
    xp_reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "xp_totals"
        indexes = [models.Index(fields=["-xp", "xp_reached_at"], name="xp_total_leaderboard")]
