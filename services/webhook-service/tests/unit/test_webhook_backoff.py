"""Exponential back-off with full jitter, bounded by its cap and by the retry window."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from webhook_service.domain import RetrySchedule
from webhook_service.settings import THREE_DAYS

SCHEDULE = RetrySchedule(base_seconds=5.0, cap_seconds=3600.0, window_seconds=THREE_DAYS)
START = datetime(2025, 3, 14, 10, tzinfo=UTC)


@given(attempts=st.integers(min_value=1, max_value=10_000), fraction=st.floats(min_value=0, max_value=1))
def test_a_wait_lies_between_zero_and_the_exponential_ceiling_capped(attempts: int, fraction: float) -> None:
    delay = SCHEDULE.delay(attempts, lambda low, high: low + (high - low) * fraction)
    assert 0 <= delay <= SCHEDULE.ceiling(attempts) <= SCHEDULE.cap_seconds
    assert SCHEDULE.ceiling(attempts) <= SCHEDULE.base_seconds * 2.0 ** min(attempts - 1, 1000)


@given(attempts=st.integers(min_value=1, max_value=60))
def test_the_ceiling_doubles_until_the_cap(attempts: int) -> None:
    assert SCHEDULE.ceiling(attempts + 1) == min(SCHEDULE.cap_seconds, 2 * SCHEDULE.ceiling(attempts))


@given(
    attempts=st.integers(min_value=1, max_value=500),
    elapsed=st.floats(min_value=0, max_value=THREE_DAYS * 1.5),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_no_attempt_is_scheduled_past_the_window(attempts: int, elapsed: float, fraction: float) -> None:
    now = START + timedelta(seconds=elapsed)
    at = SCHEDULE.next_attempt(START, attempts, now, lambda low, high: low + (high - low) * fraction)
    if at is not None:
        assert now <= at <= START + SCHEDULE.window
    else:
        assert now + timedelta(
            seconds=SCHEDULE.ceiling(attempts) * fraction
        ) > START + SCHEDULE.window - timedelta(microseconds=1)


def test_the_default_window_is_three_days() -> None:
    assert SCHEDULE.window == timedelta(days=3)
