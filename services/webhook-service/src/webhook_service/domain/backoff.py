"""When a failed delivery is tried again: exponential back-off with full jitter, for a bounded window.

Full jitter (a uniform draw between 0 and the exponential ceiling) spreads the retries of many
deliveries that failed together (an endpoint back from an outage) instead of sending them in waves.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetrySchedule:
    """Back-off parameters (settings; tests compress them)."""

    base_seconds: float
    cap_seconds: float
    window_seconds: float

    def ceiling(self, attempts: int) -> float:
        """The longest wait after `attempts` failed attempts (1 = the first one failed)."""
        exponent = min(max(attempts - 1, 0), 62)  # 2**62 already exceeds any cap
        return float(min(self.cap_seconds, self.base_seconds * 2.0**exponent))

    def delay(self, attempts: int, draw: Callable[[float, float], float] = random.uniform) -> float:
        """A wait drawn uniformly in [0, ceiling(attempts)] (full jitter)."""
        return draw(0.0, self.ceiling(attempts))

    def next_attempt(
        self,
        first_queued: datetime,
        attempts: int,
        now: datetime,
        draw: Callable[[float, float], float] = random.uniform,
    ) -> datetime | None:
        """When to try again, or None once the window since the delivery was queued is spent."""
        at = now + timedelta(seconds=self.delay(attempts, draw))
        if at > first_queued + timedelta(seconds=self.window_seconds):
            return None
        return at

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.window_seconds)
