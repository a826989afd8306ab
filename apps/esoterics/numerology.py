"""Pythagorean numerology with master numbers.

- A *part* (a month, a day or a year) is reduced by summing its digits until one digit
  remains, except that 11 and 22 are kept.
- A *total* (a sum of parts) is reduced the same way, keeping 11, 22 and 33.
- life path      = total(part(birth month) + part(birth day) + part(birth year))
                   1990-05-17 → 5 + 8 + 1 = 14 → 5; 1980-02-11 → 2 + 11 + 9 = 22;
                   1980-02-22 → 2 + 22 + 9 = 33; 1977-05-04 → 5 + 4 + 6 = 15 → 6
- personal year  = total(part(birth month) + part(birth day) + part(year of the requested date))
- personal month = total(personal year + part(month of the requested date))
- personal day   = total(personal month + part(day of the requested date))
"""

from dataclasses import dataclass
from datetime import date

PART_MASTERS = frozenset({11, 22})
TOTAL_MASTERS = frozenset({11, 22, 33})


def digits_reduce(number: int, *, keep: frozenset[int]) -> int:
    number = abs(number)
    while number > 9 and number not in keep:
        number = sum(int(digit) for digit in str(number))
    return number


def _part(number: int) -> int:
    return digits_reduce(number, keep=PART_MASTERS)


def _total(number: int) -> int:
    return digits_reduce(number, keep=TOTAL_MASTERS)


def life_path_number(birth_date: date) -> int:
    return _total(_part(birth_date.month) + _part(birth_date.day) + _part(birth_date.year))


def personal_year_number(birth_date: date, on_date: date) -> int:
    return _total(_part(birth_date.month) + _part(birth_date.day) + _part(on_date.year))


def personal_month_number(birth_date: date, on_date: date) -> int:
    return _total(personal_year_number(birth_date, on_date) + _part(on_date.month))


def personal_day_number(birth_date: date, on_date: date) -> int:
    return _total(personal_month_number(birth_date, on_date) + _part(on_date.day))


@dataclass(frozen=True)
class Numbers:
    life_path_number: int
    personal_year: int
    personal_month: int
    personal_day: int


def numbers_for(birth_date: date, on_date: date) -> Numbers:
    return Numbers(
        life_path_number=life_path_number(birth_date),
        personal_year=personal_year_number(birth_date, on_date),
        personal_month=personal_month_number(birth_date, on_date),
        personal_day=personal_day_number(birth_date, on_date),
    )
