import pytest

from apps.gamification.errors import NegativeXP
from apps.gamification.levels import level_for_xp, xp_for_level


@pytest.mark.parametrize(
    ("xp", "level"),
    [(0, 1), (1, 1), (99, 1), (100, 2), (101, 2), (299, 2), (300, 3), (599, 3), (600, 4), (999, 4), (1000, 5)],
)
def test_level_for_xp_edges(xp, level):
    assert level_for_xp(xp) == level


@pytest.mark.parametrize("level", [1, 2, 3, 10, 1000, 10**6, 10**12])
def test_level_starts_exactly_at_its_threshold(level):
    threshold = 100 * level * (level - 1) // 2
    assert xp_for_level(level) == threshold
    assert level_for_xp(threshold) == level
    if level > 1:
        assert level_for_xp(threshold - 1) == level - 1


def test_huge_totals_are_exact():
    xp = 10**30
    level = level_for_xp(xp)
    assert xp_for_level(level) <= xp < xp_for_level(level + 1)


def test_negative_xp_is_refused():
    with pytest.raises(NegativeXP):
        level_for_xp(-1)
