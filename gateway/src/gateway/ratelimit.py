"""Rate limiting per client (moving window, `limits` library): 429 with Retry-After.

Counters live in this process's memory: with several gateway instances, each enforces the limit
on its own share of the traffic (a shared storage such as Redis would make it global).
"""

import math
import time
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
