"""Moments as the platform accepts them: ones every layer can convert to UTC and compare.

Near year 1 or 9999, an offset moves a moment out of Python's calendar when it is converted to UTC
(`0001-01-01T00:00:00+14:00`): before this type the database driver raised an OverflowError, a 500.
`BoundedDatetime` refuses, with a 422 naming the field, a moment whose local date is before
1900-01-01 or that has no UTC equivalent; the JSON schema stays `format: date-time`.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator

EARLIEST_DAY = date(1900, 1, 1)
BOUNDS_MESSAGE = "must lie between 1900-01-01 and 9999-12-31 (UTC)"


def within_bounds(moment: datetime) -> bool:
    """Whether `moment` (naive or aware) lies in the calendar the platform works in."""
    if moment.date() < EARLIEST_DAY:
        return False
    if moment.utcoffset() is None:
        return True
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _bounded(moment: datetime) -> datetime:
    if not within_bounds(moment):
        raise ValueError(BOUNDS_MESSAGE)
    return moment


# Usable as a route's query parameter type too: `since: BoundedDatetime | None = None`.
BoundedDatetime = Annotated[datetime, AfterValidator(_bounded)]
