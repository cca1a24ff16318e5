"""Rate limiting per client (moving window, `limits` library), and back-off after failures
(`FailureThrottle`): 429 with Retry-After.

Where the counters live is `rate_limit_storage_url`: `memory://`, this process's memory (one gateway:
with several, each would enforce every limit on its own share of the traffic), or `redis://…`, one
Redis every gateway shares, so a limit holds across gateways.

A shared Redis that fails or does not answer within `SHARED_TIMEOUT_SECONDS` does not fail the call:
the decision falls back to this process's own counters (the limits then hold per gateway, as with
`memory://`), counted in `dentalink_gateway_shared_counters_fallbacks` and logged once per outage,
and Redis is asked again `SHARED_RETRY_SECONDS` later. Refusing every call (fail closed) would turn a
cache outage into an outage of the health data platform; letting every call through (fail open)
would drop the protection against a runaway client and against password guessing altogether.
"""

import asyncio
import hashlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import coredis
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from servicekit.counters import starting_at_zero
from servicekit.telemetry import meter

log = logging.getLogger("gateway.ratelimit")

T = TypeVar("T")

SHARED_SCHEMES = ("redis://", "rediss://")
# A rate-limit decision is on every call's path: a Redis that answers slower is treated as away.
SHARED_TIMEOUT_SECONDS = 0.5
SHARED_RETRY_SECONDS = 5.0
# Redis errors, connection refusals and timeouts alike (coredis's own retries included).
_UNAVAILABLE = (StorageError, coredis.exceptions.RedisError, OSError, TimeoutError)

fallbacks = starting_at_zero(
    meter.create_counter(
        "dentalink_gateway_shared_counters_fallbacks",
        description="Decisions taken on this gateway's own counters because the shared ones (Redis) "
        "failed or were unreachable, by kind of counter",
    ),
    {"counters": "rate-limits"},
    {"counters": "login-failures"},
)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


@lru_cache(maxsize=256)
def parse_limit(value: str) -> RateLimitItem:
    """A limit such as `600/minute` or `10/second` (limits' notation); ValueError when malformed."""
    return parse(value)


def is_shared(storage_url: str) -> bool:
    return storage_url.startswith(SHARED_SCHEMES)


class SharedCounters:
    """The Redis the gateways share, and whether it is to be asked now: after a failure it is left
    alone for `retry_seconds` (calls go on at once on local counters instead of each waiting out a
    timeout), and asked again after that."""

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        timeout_seconds: float = SHARED_TIMEOUT_SECONDS,
        retry_seconds: float = SHARED_RETRY_SECONDS,
    ) -> None:
        if not is_shared(url):
            raise ValueError("shared counters need a redis:// or rediss:// URL")
        self.url = url
        # Environments sharing one Redis (the platform, a test run) never count in the same keys.
        self.prefix = f"dentalink:{namespace}"
        self.timeout_seconds = timeout_seconds
        self.retry_seconds = retry_seconds
        self.client = coredis.Redis.from_url(
            url, connect_timeout=timeout_seconds, stream_timeout=timeout_seconds
        )
        self._away_until = 0.0

    def limits_storage(self) -> Storage:
        """The `limits` storage of the rate limits on this Redis, on `client`'s connection pool (its
        timeouts, and closed with it)."""
        return RedisStorage(
            f"async+{self.url}",
            wrap_exceptions=True,
            key_prefix=f"{self.prefix}:limits",
            connection_pool=self.client.connection_pool,  # type: ignore[arg-type]  # a documented option
        )

    def key(self, kind: str, name: str) -> str:
        """A key of ours; `name` hashed: keys hold no address or client id in clear, and stay short."""
        return f"{self.prefix}:{kind}:{self.digest(name)}"

    @staticmethod
    def digest(name: str) -> str:
        """What stands for an address or a (claimed, unchecked) client id in a Redis key."""
        return hashlib.sha256(name.encode()).hexdigest()[:32]

    @property
    def away(self) -> bool:
        return time.monotonic() < self._away_until

    async def ask(self, counters: str, request: Callable[[], Awaitable[T]]) -> T | None:
        """What `request` answers, or None when Redis failed, timed out or is left alone for now: the
        caller then decides on its local counters."""
        if self.away:
            fallbacks.add(1, {"counters": counters})
            return None
        try:
            # asyncio.timeout, not wait_for: no task of its own on every decision.
            async with asyncio.timeout(self.timeout_seconds):
                answer = await request()
        except _UNAVAILABLE as error:
            self._lost(error)
            fallbacks.add(1, {"counters": counters})
            return None
        if self._away_until:
            self._away_until = 0.0
            log.info("shared counters reachable again: limits hold across gateways")
        return answer

    def _lost(self, error: Exception) -> None:
        if not self._away_until:
            log.warning(
                "shared counters unavailable: this gateway counts on its own meanwhile",
                extra={"error_type": type(error.__cause__ or error).__name__},
            )
        self._away_until = time.monotonic() + self.retry_seconds

    async def reachable(self) -> bool:
        """Whether Redis answers a PING now (readiness's verbose view, `dentalink_dependency_up`)."""
        try:
            async with asyncio.timeout(self.timeout_seconds):
                await self.client.ping()
        except _UNAVAILABLE:
            return False
        return True

    def close(self) -> None:
        self.client.connection_pool.disconnect()


class RateLimiter:
    """Moving-window limits per (namespace, identity): on the shared counters when there are some and
    they answer, else on this process's memory."""

    def __init__(self, shared: SharedCounters | None = None) -> None:
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.shared = shared
        self._shared = MovingWindowRateLimiter(shared.limits_storage()) if shared else None

    async def hit(self, namespace: str, identity: str, limit: str) -> None:
        """RateLimited if the limit is reached; otherwise this request is counted."""
        await self._decide(parse_limit(limit), namespace, identity, count=True)

    async def check(self, namespace: str, identity: str, limit: str) -> None:
        """RateLimited if the limit is already reached, without counting this request."""
        await self._decide(parse_limit(limit), namespace, identity, count=False)

    async def _decide(self, item: RateLimitItem, namespace: str, identity: str, *, count: bool) -> None:
        wait = None
        shared, limiter = self.shared, self._shared
        if shared is not None and limiter is not None:
            # `limits` writes the identity into the key: hashed, as in every key of ours.
            hashed = shared.digest(identity)
            wait = await shared.ask("rate-limits", lambda: _wait(limiter, item, namespace, hashed, count))
        if wait is None:
            wait = await _wait(self.local, item, namespace, identity, count)
        if wait:
            raise RateLimited(wait)


async def _wait(
    limiter: MovingWindowRateLimiter, item: RateLimitItem, namespace: str, identity: str, count: bool
) -> int:
    """0 when the request is within the limit (then counted if `count`), else Retry-After seconds."""
    allowed = await (limiter.hit if count else limiter.test)(item, namespace, identity)
    if allowed:
        return 0
    stats = await limiter.get_window_stats(item, namespace, identity)
    return max(1, math.ceil(stats.reset_time - time.time()))


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


def _refuse_until(blocked_until: float, now: float) -> None:
    if now < blocked_until:
        raise RateLimited(max(1, math.ceil(blocked_until - now)))


class FailureThrottle:
    """Consecutive failures per key with back-off, and the keys that last succeeded (`trusted`), in
    this process's memory.

    Times are seconds (`now`, from the caller's clock). At most `max_keys` keys of each kind are
    remembered, the least recently touched forgotten first.
    """

    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._successes: OrderedDict[str, float] = OrderedDict()

    async def check(self, key: str, *, now: float) -> None:
        """RateLimited while the key is backing off (the attempt is not counted)."""
        entry = self._failures.get(key)
        if entry is not None:
            _refuse_until(entry.blocked_until, now)

    async def failed(self, key: str, *, now: float, backoff: Backoff) -> float:
        """Count a failure; returns the delay before the key's next attempt."""
        entry = self._failures.pop(key, None)
        count = 1 if entry is None or now - entry.last >= backoff.forget_seconds else entry.count + 1
        delay = backoff.delay(count)
        self._failures[key] = _Failures(count, now, now + delay)
        self._bound(self._failures)
        return delay

    async def succeeded(self, key: str, *, now: float) -> None:
        """The key's failures are forgiven, and it is trusted from now."""
        self._failures.pop(key, None)
        self._successes.pop(key, None)
        self._successes[key] = now
        self._bound(self._successes)

    async def failures(self, key: str) -> int:
        entry = self._failures.get(key)
        return entry.count if entry else 0

    async def trusted(self, key: str, *, now: float, within: float) -> bool:
        """Whether the key succeeded in the last `within` seconds."""
        last = self._successes.get(key)
        return last is not None and now - last < within

    def _bound(self, entries: "OrderedDict[str, _Failures] | OrderedDict[str, float]") -> None:
        while len(entries) > self.max_keys:
            entries.popitem(last=False)


# A key's count goes on from its last failure, or starts afresh after `forget` seconds without one
# (atomic: two gateways counting failures of one key at once both count).
_COUNT_FAILURE = """
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local count = 1
if last and tonumber(ARGV[1]) - last < tonumber(ARGV[2]) then
  count = (tonumber(redis.call('HGET', KEYS[1], 'count')) or 0) + 1
end
redis.call('HSET', KEYS[1], 'count', count, 'last', ARGV[1])
-- Expiring from its first write: a key whose later writes fail is still forgotten (volatile-ttl).
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return count
"""


class SharedFailureThrottle(FailureThrottle):
    """The same throttle on the shared counters: a key's failures and successes count at every
    gateway. A failure record lives until its back-off and `forget_seconds` are over, a success
    `trust_seconds` (the longest `within` asked); while Redis is unavailable the base class decides on
    this process's memory."""

    def __init__(self, shared: SharedCounters, *, trust_seconds: float, max_keys: int = 100_000) -> None:
        super().__init__(max_keys)
        self.shared = shared
        self.trust_seconds = trust_seconds
        self._count_failure = shared.client.register_script(_COUNT_FAILURE)

    async def check(self, key: str, *, now: float) -> None:
        async def blocked_until() -> float:
            value = await self.shared.client.hget(self.shared.key("failures", key), "blocked_until")
            return float(value) if value is not None else 0.0

        until = await self.shared.ask("login-failures", blocked_until)
        if until is None:
            await super().check(key, now=now)
        else:
            _refuse_until(until, now)

    async def failed(self, key: str, *, now: float, backoff: Backoff) -> float:
        async def count() -> float:
            name = self.shared.key("failures", key)
            counted = await self._count_failure(keys=[name], args=[repr(now), repr(backoff.forget_seconds)])
            delay = backoff.delay(int(str(counted)))
            await self.shared.client.hset(name, {"blocked_until": repr(now + delay)})
            await self.shared.client.pexpire(name, math.ceil(max(backoff.forget_seconds, delay) * 1000))
            return delay

        delay = await self.shared.ask("login-failures", count)
        return await super().failed(key, now=now, backoff=backoff) if delay is None else delay

    async def succeeded(self, key: str, *, now: float) -> None:
        async def forgive() -> bool:
            await self.shared.client.delete([self.shared.key("failures", key)])
            if self.trust_seconds > 0:
                trusted = self.shared.key("trusted", key)
                await self.shared.client.set(trusted, repr(now), px=math.ceil(self.trust_seconds * 1000))
            return True

        if await self.shared.ask("login-failures", forgive) is None:
            await super().succeeded(key, now=now)

    async def failures(self, key: str) -> int:
        async def count() -> int:
            value = await self.shared.client.hget(self.shared.key("failures", key), "count")
            return int(value) if value is not None else 0

        counted = await self.shared.ask("login-failures", count)
        return await super().failures(key) if counted is None else counted

    async def trusted(self, key: str, *, now: float, within: float) -> bool:
        async def last_success() -> float:
            value = await self.shared.client.get(self.shared.key("trusted", key))
            return float(value) if value is not None else -math.inf

        last = await self.shared.ask("login-failures", last_success)
        if last is None:
            return await super().trusted(key, now=now, within=within)
        return now - last < within
