from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmp_service.domain import (
    IllegalPushTransition,
    PushStatus,
    RetryPolicy,
    is_push_due,
    queue_push,
    record_push_failure,
    record_push_rejection,
    record_push_success,
    requeue_failed,
    retry_delay,
)

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def test_default_schedule_doubles_from_30_seconds_and_is_capped_at_one_hour() -> None:
    delays = [retry_delay(n) for n in range(1, 9)]
    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480, 960, 1920)] + [None]
    capped = RetryPolicy(max_attempts=20)
    assert retry_delay(15, capped) == timedelta(hours=1)


@given(
    st.integers(1, 600),
    st.integers(1, 4),
    st.integers(1, 7200),
    st.integers(1, 50),
)
def test_schedule_is_non_decreasing_bounded_and_stops(
    first: int, factor: int, cap: int, attempts: int
) -> None:
    first_delay, max_delay = timedelta(seconds=first), timedelta(seconds=max(first, cap))
    policy = RetryPolicy(first_delay, factor, max_delay, attempts)
    delays = [retry_delay(n, policy) for n in range(1, attempts)]
    assert all(first_delay <= d <= max_delay for d in delays if d is not None)
    assert delays == sorted(d for d in delays if d is not None)
    assert retry_delay(attempts, policy) is None


def test_failures_requeue_with_backoff_until_the_last_one_fails_the_push() -> None:
    policy = RetryPolicy(max_attempts=3)
    state = queue_push(AT)
    assert is_push_due(state, AT)
    state = record_push_failure(state, AT, policy)
    assert (state.status, state.attempts, state.next_attempt_at) == (
        PushStatus.QUEUED,
        1,
        AT + timedelta(seconds=30),
    )
    assert not is_push_due(state, AT + timedelta(seconds=29))
    assert is_push_due(state, AT + timedelta(seconds=30))
    state = record_push_failure(state, AT + timedelta(seconds=30), policy)
    assert state.next_attempt_at == AT + timedelta(seconds=90)
    state = record_push_failure(state, AT + timedelta(seconds=90), policy)
    assert (state.status, state.attempts, state.next_attempt_at) == (PushStatus.FAILED, 3, None)
    assert not is_push_due(state, AT + timedelta(days=1))
    with pytest.raises(IllegalPushTransition):
        record_push_success(state, AT)
    again = requeue_failed(state, AT + timedelta(days=1))
    assert (again.status, again.attempts) == (PushStatus.QUEUED, 0)


def test_success_is_final() -> None:
    pushed = record_push_success(queue_push(AT), AT + timedelta(seconds=2))
    assert (pushed.status, pushed.attempts, pushed.pushed_at) == (
        PushStatus.PUSHED,
        1,
        AT + timedelta(seconds=2),
    )
    with pytest.raises(IllegalPushTransition):
        record_push_failure(pushed, AT)
    with pytest.raises(IllegalPushTransition):
        requeue_failed(pushed, AT)


def test_policy_and_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="positive"):
        RetryPolicy(first_delay=timedelta(0))
    with pytest.raises(ValueError, match="at least one failed"):
        retry_delay(0)
    with pytest.raises(ValueError, match="timezone-aware"):
        queue_push(datetime(2025, 1, 1))


def test_a_rejection_fails_the_push_at_once_and_an_operator_may_requeue_it() -> None:
    once_failed = record_push_failure(queue_push(AT), AT)
    rejected = record_push_rejection(once_failed, AT + timedelta(minutes=1))
    assert (rejected.status, rejected.attempts, rejected.next_attempt_at) == (PushStatus.FAILED, 2, None)
    with pytest.raises(IllegalPushTransition):
        record_push_rejection(rejected, AT)
    assert requeue_failed(rejected, AT + timedelta(hours=1)).status is PushStatus.QUEUED
