"""Where the rate-limit counters live (gateway.ratelimit, `rate_limit_storage_url`): the settings, the
shared counters' keys, and this process's own counters (`memory://`). On a real Redis:
integration/test_gateway_shared_counters.py."""

import pydantic
import pytest

from gateway.ratelimit import RateLimited, RateLimiter, SharedCounters, is_shared
from gateway.settings import Settings


@pytest.mark.parametrize(
    "url", ["memory://", "redis://127.0.0.1:6379/0", "rediss://:s3cret@redis.internal:6380/1"]
)
def test_memory_and_redis_storages_are_accepted(url: str) -> None:
    assert Settings(rate_limit_storage_url=url).rate_limit_storage_url == url


@pytest.mark.parametrize("url", ["", "memcached://127.0.0.1:11211", "redis://", "memory://x y"])
def test_other_storages_are_refused(url: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        Settings(rate_limit_storage_url=url)


def test_memory_is_the_default_and_is_not_shared() -> None:
    assert Settings().rate_limit_storage_url == "memory://"
    assert not is_shared("memory://") and is_shared("redis://127.0.0.1:6379/0")
    with pytest.raises(ValueError, match="redis"):
        SharedCounters("memory://", namespace="local")


def test_keys_are_the_environments_own_and_hold_no_identity_in_clear() -> None:
    platform = SharedCounters("redis://127.0.0.1:6379/0", namespace="local")
    tests = SharedCounters("redis://127.0.0.1:6379/0", namespace="test-run")
    key = platform.key("failures", "198.51.100.7 vendor-abc")
    assert key.startswith("dentalink:local:failures:")
    assert "198.51.100.7" not in key and "vendor-abc" not in key
    assert key != tests.key("failures", "198.51.100.7 vendor-abc")
    assert key != platform.key("failures", "198.51.100.7 vendor-abd")


async def test_in_memory_a_limit_refuses_with_retry_after_and_check_does_not_count() -> None:
    limiter = RateLimiter()
    await limiter.check("client", "vendor-a", "3/minute")  # not counted
    for _ in range(3):
        await limiter.hit("client", "vendor-a", "3/minute")
    with pytest.raises(RateLimited) as refused:
        await limiter.hit("client", "vendor-a", "3/minute")
    assert 1 <= refused.value.retry_after <= 60
    with pytest.raises(RateLimited):
        await limiter.check("client", "vendor-a", "3/minute")
    await limiter.hit("client", "vendor-b", "3/minute")  # another client, its own count


async def test_in_memory_each_limiter_counts_on_its_own() -> None:
    """The documented behaviour of `memory://`: two gateways each enforce the limit on their share."""
    first, second = RateLimiter(), RateLimiter()
    for limiter in (first, second):
        for _ in range(2):
            await limiter.hit("client", "vendor-a", "2/minute")
        with pytest.raises(RateLimited):
            await limiter.hit("client", "vendor-a", "2/minute")
