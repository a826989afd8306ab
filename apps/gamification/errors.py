"""Errors of gamification. The app has no endpoint error of its own (its endpoints only read);
what it raises are misuses by other apps' services, which are programming errors (500), so
they are ValueErrors rather than APIErrors with a client-facing code."""


class GamificationMisuse(ValueError):
    """A caller asked for something the XP rules forbid."""


class AchievementXPNotAwardable(GamificationMisuse):
    """Achievement XP is paid by unlocking the achievement, never by xp_award()."""


class NegativeXP(GamificationMisuse):
    """XP totals are never negative."""
