from datetime import date

import pytest

from apps.esoterics.numerology import (
    PART_MASTERS,
    TOTAL_MASTERS,
    digits_reduce,
    life_path_number,
    numbers_for,
    personal_day_number,
    personal_month_number,
    personal_year_number,
)


@pytest.mark.parametrize(
    ("birth", "number"),
    [
        (date(1990, 5, 17), 5),  # 5 + 8 + 1 = 14 → 5
        (date(1980, 2, 11), 22),  # 2 + 11 + 9 = 22
        (date(1980, 2, 22), 33),  # 2 + 22 + 9 = 33
        (date(1977, 5, 4), 6),  # 5 + 4 + 6 = 15 → 6
        (date(1992, 11, 29), 7),  # 11 + 11 + 3 = 25 → 7
        (date(2000, 1, 1), 4),
    ],
)
def test_life_path_number(birth, number):
    assert life_path_number(birth) == number


def test_parts_keep_11_and_22_but_not_33():
    assert digits_reduce(29, keep=PART_MASTERS) == 11
    assert digits_reduce(1993, keep=PART_MASTERS) == 22
    assert digits_reduce(33, keep=PART_MASTERS) == 6
    assert digits_reduce(33, keep=TOTAL_MASTERS) == 33
    assert digits_reduce(1980, keep=TOTAL_MASTERS) == 9


@pytest.mark.parametrize(
    ("birth", "on", "year", "month", "day"),
    [
        # 5 + 8 + (2025 → 9) = 22 kept; month 22 + 1 = 23 → 5; day 5 + (14 → 5) = 10 → 1
        (date(1990, 5, 17), date(2025, 1, 14), 22, 5, 1),
        # 5 + 4 + 9 = 18 → 9; month 9 + 1 = 10 → 1; day 1 + 5 = 6
        (date(1977, 5, 4), date(2025, 1, 14), 9, 1, 6),
        # 2 + 11 + (2026 → 10 → 1) = 14 → 5; month 5 + 11 = 16 → 7; day 7 + 11 (29) = 18 → 9
        (date(1980, 2, 11), date(2026, 11, 29), 5, 7, 9),
    ],
)
def test_personal_year_month_and_day(birth, on, year, month, day):
    assert personal_year_number(birth, on) == year
    assert personal_month_number(birth, on) == month
    assert personal_day_number(birth, on) == day
    numbers = numbers_for(birth, on)
    assert (numbers.personal_year, numbers.personal_month, numbers.personal_day) == (year, month, day)


def test_personal_year_changes_with_the_requested_year():
    birth = date(1977, 5, 4)
    assert personal_year_number(birth, date(2025, 6, 1)) == 9
    assert personal_year_number(birth, date(2026, 6, 1)) == 1
