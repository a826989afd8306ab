"""Public dicts of gamification (API bodies, XP events)."""

from datetime import datetime

from apps.core.timestamps import iso_utc

from .models import Achievement

# What AchievementPublic shows of an achievement, in both languages: the `.values()` fields
# GET /gamification/achievements reads (selectors).
ACHIEVEMENT_PUBLIC_FIELDS = ("code", "title_ru", "title_en", "description_ru", "description_en", "icon", "xp_reward")


def achievement_public(achievement: Achievement | dict, *, locale: str, obtained_at: datetime | None) -> dict:
    """`AchievementPublic` in `locale` (ru|en), from a model instance or a `.values()` dict of
    ACHIEVEMENT_PUBLIC_FIELDS."""
    row = (
        achievement
        if isinstance(achievement, dict)
        else {name: getattr(achievement, name) for name in ACHIEVEMENT_PUBLIC_FIELDS}
    )
    return {
        "code": row["code"],
        "title": row["title_en"] if locale == "en" else row["title_ru"],
        "description": row["description_en"] if locale == "en" else row["description_ru"],
        "icon": row["icon"],
        "xp_reward": row["xp_reward"],
        "is_obtained": obtained_at is not None,
        "obtained_at": iso_utc(obtained_at),
    }
