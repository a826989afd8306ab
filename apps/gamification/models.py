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
    # When the latest ledger event was written (even one worth 0 XP): the profile's
    # last_activity_date without scanning the ledger.
    last_event_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "xp_totals"
        indexes = [models.Index(fields=["-xp", "xp_reached_at"], name="xp_total_leaderboard")]


class Counter(models.TextChoices):
    """What an achievement rule counts. All counters come from data this app owns: the XP
    ledger (one event per rewarded action), the current level and the ritual streak."""

    LIFE_WHEEL = "life_wheel", "life wheels filled"
    WANTS_COMPLETED = "wants_completed", "wants completed"
    GOALS_CREATED = "goals_created", "goals created"
    GOALS_DONE = "goals_done", "goals done"
    STEPS_DONE = "steps_done", "steps done"
    RITUAL_ENTRIES = "ritual_entries", "ritual entries"
    STREAK_DAYS = "streak_days", "current streak (days)"
    IMAGES = "images", "images generated"
    FUTURE_STORIES = "future_stories", "future stories"
    WEEKLY_REVIEWS = "weekly_reviews", "weekly reviews"
    LEVEL = "level", "level"


class Achievement(models.Model):
    """An achievement as data: managed in Django admin, seeded by `seed_achievements`.
    Unlocked when `rule_counter` reaches `rule_threshold`; pays `xp_reward` once."""

    code = models.SlugField(max_length=64, unique=True)
    title_ru = models.CharField(max_length=120)
    title_en = models.CharField(max_length=120)
    description_ru = models.CharField(max_length=500, blank=True, default="")
    description_en = models.CharField(max_length=500, blank=True, default="")
    icon = models.CharField(max_length=64, blank=True, default="", help_text="Emoji or icon name for the client.")
    rule_counter = models.CharField(max_length=32, choices=Counter.choices)
    rule_threshold = models.PositiveIntegerField(default=1)
    xp_reward = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    order_index = models.IntegerField(default=0)

    class Meta:
        db_table = "achievements"
        ordering = ["order_index", "code"]
        indexes = [models.Index(fields=["is_active", "order_index"], name="achievement_active_order")]
        constraints = [models.CheckConstraint(condition=models.Q(rule_threshold__gte=1), name="achievement_threshold_min_1")]

    def __str__(self) -> str:
        return self.code


class UserAchievement(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements")
    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="holders")
    obtained_at = models.DateTimeField()

    class Meta:
        db_table = "user_achievements"
        constraints = [
            models.UniqueConstraint(fields=["user", "achievement"], name="user_achievement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_id} of {self.user_id}"
