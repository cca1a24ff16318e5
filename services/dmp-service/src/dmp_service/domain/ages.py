"""Ages and date windows: how "at N months" or "between 11 and 13 years" becomes calendar dates.

Conventions (DOMAIN.md §5 gives ages, not dates; these make them precise):
- An age is reached on the same day-of-month N months/years after birth; when that day does not
  exist (born on the 31st, or on 29 February) it is the last day of the month.
- "At age N" (unit: days, months or years) means from the day age N is reached to the day before
  age N+1 is reached; a band "a–b" includes the whole of age b (18–25 years ends the day before 26).
- Windows carry an inclusive last day; `end` None means open-ended (no deadline).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Age:
    """A completed age as years + months + days since birth (DOMAIN.md §5 ages)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if min(self.years, self.months, self.days) < 0:
            raise ValueError("an age has no negative part")

    def sort_key(self) -> tuple[int, int]:
        """(total months, days): orders ages whose day part stays under a month, as all listed ones do."""
        return self.years * 12 + self.months, self.days


def years(n: int) -> Age:
    """Age of `n` completed years."""
    return Age(years=n)


def months(n: int) -> Age:
    """Age of `n` completed months."""
    return Age(months=n)


def days(n: int) -> Age:
    """Age of `n` days."""
    return Age(days=n)


def add_months(day: date, count: int) -> date:
    """`day` moved by `count` calendar months, clamped to the month's last day (29 Feb → 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + count
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def date_at_age(birth_date: date, age: Age) -> date:
    """The day a person born on `birth_date` reaches `age` (module conventions)."""
    return add_months(birth_date, age.years * 12 + age.months) + timedelta(days=age.days)


@dataclass(frozen=True)
class DateWindow:
    """Days from `start` to `end` inclusive; `end` None: open-ended."""

    start: date
    end: date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("a window cannot end before it starts")

    def contains(self, day: date) -> bool:
        """Whether `day` lies in the window."""
        return self.start <= day and (self.end is None or day <= self.end)


def age_window(birth_date: date, start: Age, end_exclusive: Age | None) -> DateWindow:
    """Window from reaching `start` to the day before reaching `end_exclusive` (None: open-ended)."""
    first = date_at_age(birth_date, start)
    if end_exclusive is None:
        return DateWindow(first, None)
    return DateWindow(first, date_at_age(birth_date, end_exclusive) - timedelta(days=1))


def months_after(day: date, count: int) -> DateWindow:
    """`day` and the following `count` months, ending the day before `day` + `count` months."""
    return DateWindow(day, add_months(day, count) - timedelta(days=1))
