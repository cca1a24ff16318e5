"""A circuit breaker per upstream: after N consecutive failures, calls fail fast for a while, then
one trial call decides whether the upstream is back (closed → open → half-open → closed)."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(Exception):
    """The upstream is considered down; retry after `retry_after` seconds."""

    def __init__(self, upstream: str, retry_after: float) -> None:
        super().__init__(f"circuit open for {upstream}")
        self.upstream = upstream
        self.retry_after = retry_after


@dataclass
class CircuitBreaker:
    name: str
    failure_threshold: int = 5
    reset_seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    trial_in_flight: bool = field(default=False)

    @property
    def state(self) -> BreakerState:
        if self.opened_at is None:
            return BreakerState.CLOSED
        if self.clock() - self.opened_at >= self.reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go: always when closed, one trial when half-open."""
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and not self.trial_in_flight:
            self.trial_in_flight = True
            return
        assert self.opened_at is not None
        remaining = max(self.reset_seconds - (self.clock() - self.opened_at), 1.0)
        raise CircuitOpen(self.name, remaining)

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self.trial_in_flight = False

    def record_failure(self) -> None:
        self.trial_in_flight = False
        if self.opened_at is not None:
            self.opened_at = self.clock()  # the trial failed: stay open for another period
            return
        self.failures += 1
        if self.failures >= self.failure_threshold:
            self.opened_at = self.clock()

    def release(self) -> None:
        """A call that says nothing about the upstream's health (e.g. cancelled) frees the trial slot."""
        self.trial_in_flight = False
