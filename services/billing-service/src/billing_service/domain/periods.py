"""Periods the invoice lists, summaries and exports are asked for: checked before anything is read."""

import re
from datetime import date, timedelta

MAX_EXPORT_DAYS = 366
"""The accountant's export covers at most this many days."""

# Years 2000-2099 only: no act of this platform predates it, and year 0 or 9999 would overflow date().
_MONTH = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")


class InvalidPeriodError(ValueError):
    """The period ends before it starts."""


class PeriodTooLongError(ValueError):
    """The export period is longer than `MAX_EXPORT_DAYS`."""


class InvalidMonthError(ValueError):
    """The month is not written YYYY-MM between 2000-01 and 2099-12."""


def check_period(start: date | None, end: date | None) -> None:
    """A period may be open on either side; closed, it must not end before it starts."""
    if start is not None and end is not None and end < start:
        raise InvalidPeriodError("`to` is before `from`")


def check_export_period(start: date, end: date) -> None:
    """An export period: well ordered, and at most `MAX_EXPORT_DAYS` days."""
    check_period(start, end)
    if (end - start).days >= MAX_EXPORT_DAYS:
        raise PeriodTooLongError(f"the export covers at most {MAX_EXPORT_DAYS} days")


def month_bounds(text: str) -> tuple[date, date]:
    """First and last day of a YYYY-MM month."""
    match = _MONTH.fullmatch(text)
    if match is None:
        raise InvalidMonthError("the month must be written YYYY-MM, between 2000-01 and 2099-12")
    first = date(int(match[1]), int(match[2]), 1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)
