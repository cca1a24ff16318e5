"""A circuit breaker per upstream that measures a failure *rate*, so no single caller can trip it.

Closed: every call goes; the outcome of each lands in a sliding time window (`window_seconds`, kept
in `buckets` slices). The circuit opens when the window holds at least `minimum_calls` outcomes and
the share of failures among them reaches `failure_ratio`. Open: calls fail fast (`CircuitOpen`) for
`reset_seconds`. Half-open: up to `half_open_calls` probe calls go; once that many have succeeded the
circuit closes with an empty window, and one failed probe opens it for another period.

Which outcomes are failures is the caller's decision (gateway.forwarding.upstream_failed): only the
signs of an upstream that cannot answer (transport errors, timeouts, a 502/503/504 that is not the
service's own problem document), never an answer to the request itself. Outcomes that say nothing
about the upstream (the gateway's own pool saturated, the caller gone) are `release`d, not counted.

While open, the gateway asks the upstream's `/ready` every second (gateway.forwarding): the first
200 half-opens the circuit at once (`upstream_ready`) rather than after the whole reset. Once
closed, the circuit ramps up for `ramp_seconds`: calls in flight are capped at `half_open_calls`,
doubling every second, and the others are told to retry in 1 s.

Every call takes a `Permit` (`CircuitBreaker.permit`) and settles it once; a permit from before the
circuit last changed state is ignored, so late answers of calls sent while closed neither close nor
re-open it.
"""

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger("gateway.breaker")


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


@dataclass(frozen=True)
class BreakerPolicy:
    """When a circuit opens, and how it comes back (see the module's docstring)."""

    failure_ratio: float = 0.5
    window_seconds: float = 30.0
    minimum_calls: int = 20
    reset_seconds: float = 30.0
    half_open_calls: int = 3
    buckets: int = 10
    # After closing, calls in flight are capped at half_open_calls, doubling every second, for this
    # long: a service that just came back takes a ramp, not the burst of every waiting retry.
    ramp_seconds: float = 5.0

    def __post_init__(self) -> None:
        if not 0 < self.failure_ratio <= 1:
            raise ValueError("failure_ratio must be in (0, 1]")
        if self.window_seconds <= 0 or self.reset_seconds < 0:
            raise ValueError("window_seconds must be positive and reset_seconds not negative")
        if self.ramp_seconds < 0:
            raise ValueError("ramp_seconds must not be negative")
        if self.minimum_calls < 1 or self.half_open_calls < 1 or self.buckets < 1:
            raise ValueError("minimum_calls, half_open_calls and buckets must be at least 1")

    def trips(self, calls: int, failures: int) -> bool:
        return calls >= self.minimum_calls and failures >= self.failure_ratio * calls


@dataclass
class _Bucket:
    index: int
    calls: int = 0
    failures: int = 0


@dataclass
class Permit:
    """Leave to make one call; settle it once with `succeeded`, `failed` or `release`."""

    breaker: "CircuitBreaker"
    generation: int
    probe: bool
    ramped: bool = False
    settled: bool = False

    def succeeded(self) -> None:
        if self._settle():
            self.breaker._outcome(self, failed=False)

    def failed(self) -> None:
        if self._settle():
            self.breaker._outcome(self, failed=True)

    def release(self) -> None:
        """The call says nothing about the upstream's health (e.g. cancelled): counted nowhere."""
        if self._settle():
            self.breaker._released(self)

    def _settle(self) -> bool:
        first = not self.settled
        self.settled = True
        return first


@dataclass
class CircuitBreaker:
    name: str
    policy: BreakerPolicy = field(default_factory=BreakerPolicy)
    clock: Callable[[], float] = time.monotonic
    opened_at: float | None = None
    # Bumped whenever the circuit opens or closes: permits of an earlier generation are ignored.
    generation: int = 0
    probes_in_flight: int = 0
    probe_successes: int = 0
    closed_at: float | None = None
    ramp_in_flight: int = 0
    _window: deque[_Bucket] = field(default_factory=deque)

    @property
    def state(self) -> BreakerState:
        if self.opened_at is None:
            return BreakerState.CLOSED
        if self.clock() - self.opened_at >= self.policy.reset_seconds:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def window(self) -> tuple[int, int]:
        """(calls, failures) recorded in the sliding window while closed."""
        self._trim(self._bucket_index())
        return sum(b.calls for b in self._window), sum(b.failures for b in self._window)

    def permit(self) -> Permit:
        """Leave for one call: always when closed, a limited number of probes when half-open;
        CircuitOpen otherwise."""
        state = self.state
        if state is BreakerState.CLOSED:
            limit = self.ramp_limit()
            if limit is None:
                return Permit(self, self.generation, probe=False)
            if self.ramp_in_flight < limit:
                self.ramp_in_flight += 1
                return Permit(self, self.generation, probe=False, ramped=True)
            raise CircuitOpen(self.name, 1.0)
        if (
            state is BreakerState.HALF_OPEN
            and self.probes_in_flight + self.probe_successes < self.policy.half_open_calls
        ):
            self.probes_in_flight += 1
            return Permit(self, self.generation, probe=True)
        assert self.opened_at is not None
        remaining = self.policy.reset_seconds - (self.clock() - self.opened_at)
        raise CircuitOpen(self.name, max(float(math.ceil(remaining)), 1.0))

    def ramp_limit(self) -> int | None:
        """How many calls may be in flight while the circuit ramps up after closing; None after."""
        if self.closed_at is None:
            return None
        elapsed = self.clock() - self.closed_at
        if elapsed >= self.policy.ramp_seconds:
            self.closed_at = None
            return None
        return int(self.policy.half_open_calls * 2 ** math.floor(elapsed))

    def upstream_ready(self) -> None:
        """The upstream says it is ready again: half-open now instead of waiting out the reset."""
        if self.state is BreakerState.OPEN:
            self.opened_at = self.clock() - self.policy.reset_seconds
            log.info("upstream ready again: circuit half-open", extra={"upstream": self.name})

    def _outcome(self, permit: Permit, *, failed: bool) -> None:
        if permit.ramped and permit.generation == self.generation:
            self.ramp_in_flight -= 1
        if permit.generation != self.generation:
            return  # sent before the circuit last changed state: no longer evidence
        if permit.probe:
            self.probes_in_flight -= 1
            if failed:
                self._open(reason="a probe call failed")
                return
            self.probe_successes += 1
            if self.probe_successes >= self.policy.half_open_calls:
                self._close()
            return
        index = self._bucket_index()
        self._trim(index)
        if not self._window or self._window[-1].index != index:
            self._window.append(_Bucket(index))
        bucket = self._window[-1]
        bucket.calls += 1
        bucket.failures += failed
        if failed:
            calls, failures = self.window()
            if self.policy.trips(calls, failures):
                self._open(reason=f"{failures} of the last {calls} calls failed")

    def _released(self, permit: Permit) -> None:
        if permit.probe and permit.generation == self.generation:
            self.probes_in_flight -= 1
        if permit.ramped and permit.generation == self.generation:
            self.ramp_in_flight -= 1

    def _open(self, *, reason: str) -> None:
        self.opened_at = self.clock()
        self.closed_at = None
        self.ramp_in_flight = 0
        self.generation += 1
        self.probes_in_flight = self.probe_successes = 0
        self._window.clear()
        log.warning("circuit opened", extra={"upstream": self.name, "reason": reason})

    def _close(self) -> None:
        self.opened_at = None
        self.closed_at = self.clock() if self.policy.ramp_seconds > 0 else None
        self.ramp_in_flight = 0
        self.generation += 1
        self.probes_in_flight = self.probe_successes = 0
        self._window.clear()
        log.info("circuit closed", extra={"upstream": self.name})

    def _bucket_index(self) -> int:
        return math.floor(self.clock() * self.policy.buckets / self.policy.window_seconds)

    def _trim(self, index: int) -> None:
        while self._window and self._window[0].index <= index - self.policy.buckets:
            self._window.popleft()
