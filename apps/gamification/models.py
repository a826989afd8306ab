from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class XPEvent(models.Model):
    """The XP ledger: each (user, reason, object) pays once — a database constraint, so
    undoing and redoing an action, even concurrently, never pays twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xp_events", verbose_name=_("user"))
    reason = models.CharField(max_length=32, verbose_name=_("reason"))
    object_id = models.CharField(max_length=64, verbose_name=_("object id"))
    xp = models.PositiveIntegerField(verbose_name=_("XP"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("XP event")
        verbose_name_plural = _("XP events")
        db_table = "xp_events"
        constraints = [
            models.UniqueConstraint(fields=["user", "reason", "object_id"], name="xp_event_once_per_object"),
        ]


class XPTotal(models.Model):
    """Running XP total per user (the ledger's sum), for profile and leaderboard reads."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="xp_total", verbose_name=_("user"))
    xp = models.PositiveIntegerField(default=0, verbose_name=_("XP"))
    # When the current total was reached: leaderboard ties go to the earliest.
    xp_reached_at = models.DateTimeField(auto_now_add=True, verbose_name=_("XP reached at"))
    # When the latest ledger event was written (even one worth 0 XP): the profile's
    # last_activity_date without scanning the ledger.
    last_event_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last event at"))

    class Meta:
        verbose_name = _("XP total")
        verbose_name_plural = _("XP totals")
        db_table = "xp_totals"
        # The leaderboard's whole order (ties: who reached the total first, then the user id),
        # only users with XP (its filter).
        indexes = [
            models.Index(
                fields=["-xp", "xp_reached_at", "user"], name="xp_total_leaderboard_order", condition=models.Q(xp__gt=0)
            )
        ]


class Counter(models.TextChoices):
    """What an achievement rule counts. All counters come from data this app owns: the XP
    ledger (one event per rewarded action), the current level and the ritual streak."""

    LIFE_WHEEL = "life_wheel", _("life wheels filled")
    WANTS_COMPLETED = "wants_completed", _("wants completed")
    GOALS_CREATED = "goals_created", _("goals created")
    GOALS_DONE = "goals_done", _("goals done")
    STEPS_DONE = "steps_done", _("steps done")
    RITUAL_ENTRIES = "ritual_entries", _("ritual entries")
    STREAK_DAYS = "streak_days", _("current streak (days)")
    IMAGES = "images", _("images generated")
    FUTURE_STORIES = "future_stories", _("future stories")
    WEEKLY_REVIEWS = "weekly_reviews", _("weekly reviews")
    LEVEL = "level", _("level")


class Achievement(models.Model):
    """An achievement as data: managed in Django admin, seeded by `seed_achievements`.
    Unlocked when `rule_counter` reaches `rule_threshold`; pays `xp_reward` once."""

    code = models.SlugField(max_length=64, unique=True, verbose_name=_("code"))
    title_ru = models.CharField(max_length=120, verbose_name=_("title (Russian)"))
    title_en = models.CharField(max_length=120, verbose_name=_("title (English)"))
    description_ru = models.CharField(max_length=500, blank=True, default="", verbose_name=_("description (Russian)"))
    description_en = models.CharField(max_length=500, blank=True, default="", verbose_name=_("description (English)"))
    icon = models.CharField(max_length=64, blank=True, default="", help_text=_("Emoji or icon name for the client."), verbose_name=_("icon"))
    rule_counter = models.CharField(max_length=32, choices=Counter.choices, verbose_name=_("counter"))
    rule_threshold = models.PositiveIntegerField(default=1, verbose_name=_("threshold"))
    xp_reward = models.PositiveIntegerField(default=0, verbose_name=_("XP reward"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    order_index = models.IntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        db_table = "achievements"
        ordering = ["order_index", "code"]
        indexes = [models.Index(fields=["is_active", "order_index"], name="achievement_active_order")]
        constraints = [models.CheckConstraint(condition=models.Q(rule_threshold__gte=1), name="achievement_threshold_min_1")]

    def __str__(self) -> str:
        return self.code


class UserAchievement(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements", verbose_name=_("user"))
    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="holders", verbose_name=_("achievement"))
    obtained_at = models.DateTimeField(verbose_name=_("obtained at"))

    class Meta:
        verbose_name = _("obtained achievement")
        verbose_name_plural = _("obtained achievements")
        db_table = "user_achievements"
        constraints = [
            models.UniqueConstraint(fields=["user", "achievement"], name="user_achievement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_id} of {self.user_id}"
