"""The service's notion of now, injectable so tests move time instead of sleeping (testing.MovableClock)."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Server time, aware, in UTC."""
    return datetime.now(UTC)


def aware_now(clock: Clock) -> datetime:
    """The clock's instant, checked to be timezone-aware (a naive one would be compared as local time)."""
    moment = clock()
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the clock must return an aware datetime")
    return moment
