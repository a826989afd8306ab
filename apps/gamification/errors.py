"""Errors of gamification. Its endpoints only read, so nothing here is a client's mistake:
these are other apps' services asking for what the XP rules forbid — programming errors, which
answer 500 INTERNAL_ERROR (spec section 1) like any unhandled one, with the generic message.
The reason is kept in the exception's text for the logs and tracebacks, never sent."""

from apps.core.exceptions import APIError


class GamificationMisuse(APIError):
    """A caller asked for something the XP rules forbid."""

    code = "INTERNAL_ERROR"
    http_code = 500

    def __init__(self, reason: str):
        super().__init__()
        self.args = (reason,)


class AchievementXPNotAwardable(GamificationMisuse):
    """Achievement XP is paid by unlocking the achievement, never by xp_award()."""


class NegativeXP(GamificationMisuse):
    """XP totals are never negative."""
