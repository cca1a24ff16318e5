"""Rate limiting per client (moving window, `limits` library), and back-off after failures
(`FailureThrottle`): 429 with Retry-After.

Counters live in this process's memory: with several gateway instances, each enforces the limit
on its own share of the traffic (a shared storage such as Redis would make it global).
"""

import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


@lru_cache(maxsize=256)
def parse_limit(value: str) -> RateLimitItem:
    """A limit such as `600/minute` or `10/second` (limits' notation); ValueError when malformed."""
    return parse(value)


class RateLimiter:
    def __init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def hit(self, namespace: str, identity: str, limit: str) -> None:
        item = parse_limit(limit)
        if await self.limiter.hit(item, namespace, identity):
            return
        await self._refuse(item, namespace, identity)

    async def check(self, namespace: str, identity: str, limit: str) -> None:
        """RateLimited if the limit is already reached, without counting this request."""
        item = parse_limit(limit)
        if not await self.limiter.test(item, namespace, identity):
            await self._refuse(item, namespace, identity)

    async def _refuse(self, item: RateLimitItem, namespace: str, identity: str) -> None:
        stats = await self.limiter.get_window_stats(item, namespace, identity)
        raise RateLimited(max(1, math.ceil(stats.reset_time - time.time())))


@dataclass(frozen=True)
class Backoff:
    """How long to wait after consecutive failures: nothing for the first `free_failures`, then
    `base_seconds` doubling with each further failure, at most `max_seconds`; a key without a
    failure for `forget_seconds` starts afresh."""

    free_failures: int
    base_seconds: float
    max_seconds: float
    forget_seconds: float

    def delay(self, failures: int) -> float:
        """Seconds before the next attempt, after `failures` consecutive failures."""
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, 64)  # no float overflow, the cap is long reached
        return min(self.base_seconds * 2.0**doublings, self.max_seconds)


@dataclass
class _Failures:
    count: int
    last: float
    blocked_until: float


class FailureThrottle:
    """Consecutive failures per key with back-off, and the keys that last succeeded (`trusted`).

    Times are seconds (`now`, from the caller's clock). At most `max_keys` keys of each kind are
    remembered, the least recently touched forgotten first.
    """

    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._successes: OrderedDict[str, float] = OrderedDict()

    def check(self, key: str, *, now: float) -> None:
        """RateLimited while the key is backing off (the attempt is not counted)."""
        entry = self._failures.get(key)
        if entry is not None and now < entry.blocked_until:
            raise RateLimited(max(1, math.ceil(entry.blocked_until - now)))

    def failed(self, key: str, *, now: float, backoff: Backoff) -> float:
        """Count a failure; returns the delay before the key's next attempt."""
        entry = self._failures.pop(key, None)
        count = 1 if entry is None or now - entry.last >= backoff.forget_seconds else entry.count + 1
        delay = backoff.delay(count)
        self._failures[key] = _Failures(count, now, now + delay)
        self._bound(self._failures)
        return delay

    def succeeded(self, key: str, *, now: float) -> None:
        """The key's failures are forgiven, and it is trusted from now."""
        self._failures.pop(key, None)
        self._successes.pop(key, None)
        self._successes[key] = now
        self._bound(self._successes)

    def failures(self, key: str) -> int:
        entry = self._failures.get(key)
        return entry.count if entry else 0

    def trusted(self, key: str, *, now: float, within: float) -> bool:
        """Whether the key succeeded in the last `within` seconds."""
        last = self._successes.get(key)
        return last is not None and now - last < within

    def _bound(self, entries: "OrderedDict[str, _Failures] | OrderedDict[str, float]") -> None:
        while len(entries) > self.max_keys:
            entries.popitem(last=False)
