"""The circuit breaker per upstream."""

import pytest

from gateway.breaker import BreakerState, CircuitBreaker, CircuitOpen


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_opens_after_consecutive_failures_and_half_opens_after_the_pause():
    clock = Clock()
    breaker = CircuitBreaker("ins", failure_threshold=3, reset_seconds=10, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    breaker.before_call()
    breaker.record_success()  # a success resets the count
    for _ in range(3):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as paused:
        breaker.before_call()
    assert paused.value.retry_after == pytest.approx(10)
    clock.now += 10
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.before_call()  # the one trial call
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # no second call while the trial runs
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED


def test_a_failed_trial_opens_again_and_a_released_one_frees_the_slot():
    clock = Clock()
    breaker = CircuitBreaker("ins", failure_threshold=1, reset_seconds=5, clock=clock)
    breaker.record_failure()
    clock.now += 5
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now += 5
    breaker.before_call()
    breaker.release()
    breaker.before_call()  # the slot is free again
