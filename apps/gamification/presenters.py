"""Public dicts of gamification (API bodies, XP events)."""

from datetime import datetime

from .models import Achievement


def achievement_public(achievement: Achievement, *, locale: str, obtained_at: datetime | None) -> dict:
    """`AchievementPublic` in `locale` (ru|en)."""
    return {
        "code": achievement.code,
        "title": achievement.title_en if locale == "en" else achievement.title_ru,
        "description": achievement.description_en if locale == "en" else achievement.description_ru,
        "icon": achievement.icon,
        "xp_reward": achievement.xp_reward,
        "is_obtained": obtained_at is not None,
        "obtained_at": obtained_at,
    }
