"""Levels: level L needs 100·L·(L−1)/2 total XP — L=1 at 0, 2 at 100, 3 at 300, 4 at 600..."""

from functools import lru_cache
from math import isqrt

from .errors import NegativeXP


def xp_for_level(level: int) -> int:
    """Total XP at which `level` starts."""
    return 100 * level * (level - 1) // 2


@lru_cache(maxsize=4096)  # a leaderboard page asks for the same few totals again and again
def level_for_xp(xp: int) -> int:
    """The highest L with xp_for_level(L) <= xp (exact integer arithmetic, any size)."""
    if xp < 0:
        raise NegativeXP("XP cannot be negative")
    # 100·L·(L−1)/2 <= xp  <=>  L <= (1 + sqrt(1 + 8·xp/100)) / 2; isqrt then a correction step.
    level = max(1, (1 + isqrt(1 + 8 * (xp // 100))) // 2)
    while xp_for_level(level + 1) <= xp:
        level += 1
    while level > 1 and xp_for_level(level) > xp:
        level -= 1
    return level
