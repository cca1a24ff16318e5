"""The service's notion of now, injectable so tests move time instead of sleeping."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Server time in UTC: session windows are computed from it, never from the caller (DOMAIN.md §4)."""
    return datetime.now(UTC)
