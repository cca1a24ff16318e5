"""Rate limits and failed-login back-off that hold across gateways: counters in one Redis (the one of
`make infra`, deploy/local/redis.sh, in the tests' database), never a fake of it.

Two gateway apps, built as the gateway's integration stack builds one, share the stack's database,
stub services, access-token keys and sandbox Pro Santé Connect issuer, and one Redis."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import pytest

from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.main import build
from gateway.ratelimit import (
    Backoff,
    FailureThrottle,
    RateLimited,
    RateLimiter,
    SharedCounters,
    SharedFailureThrottle,
)
from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack, free_port, serve
from servicekit.settings import topic_namespace

pytestmark = pytest.mark.integration
BACKOFF = Backoff(free_failures=3, base_seconds=1.0, max_seconds=300.0, forget_seconds=900.0)


def shared_counters(url: str, **options: float) -> SharedCounters:
    """Counters of this test alone: a namespace of its own inside the run's."""
    return SharedCounters(url, namespace=f"{topic_namespace()}-{uuid.uuid4().hex[:8]}", **options)


@asynccontextmanager
async def gateways(stack: Stack, storage_url: str, count: int) -> AsyncIterator[list[str]]:
    """`count` gateways in front of the stack's stubs and database, counting in `storage_url`."""
    issuer = SandboxPscIssuer(stack.settings.psc_issuer, stack.settings.psc_audience)
    async with AsyncExitStack() as running:
        urls = []
        for _ in range(count):
            settings = stack.settings.model_copy(
                update={"rate_limit_storage_url": storage_url, "instance": f"gw-{uuid.uuid4().hex[:8]}"}
            )
            urls.append(await running.enter_async_context(serve(build(settings, sandbox_issuer=issuer))))
        yield urls


async def test_two_gateways_hold_one_clients_limit_together(stack: Stack, redis_url: str) -> None:
    async with (
        gateways(stack, redis_url, 2) as (first, second),
        SandboxPractice.open(
            first, database_url=stack.database_url, rate_limit="60/minute", roster={}
        ) as practice,
        httpx.AsyncClient(base_url=first) as at_first,
        httpx.AsyncClient(base_url=second) as at_second,
    ):
        # Minting the professional's sandbox token (at the first gateway) is the first call counted.
        headers = await practice.headers("dentist")
        answers = [
            await (at_first if turn % 2 else at_second).get("/v1/billing-summaries", headers=headers)
            for turn in range(120)
        ]
        ready = await at_second.get("/ready?verbose")
    accepted = [answer for answer in answers if answer.status_code == 200]
    refused = [answer for answer in answers if answer.status_code != 200]
    assert 1 + len(accepted) == 60
    assert {answer.status_code for answer in refused} == {429}
    assert all(1 <= int(answer.headers["retry-after"]) <= 60 for answer in refused)
    assert {answer.json()["type"].rsplit("/", 1)[-1] for answer in refused} == {"rate-limited"}
    # Both gateways took their share before the limit, and both refused after it.
    assert {str(answer.url).startswith(first) for answer in accepted} == {True, False}
    assert {str(answer.url).startswith(first) for answer in refused} == {True, False}
    assert ready.status_code == 200 and ready.json()["dependencies"]["redis"] is True


async def test_without_redis_a_gateway_stays_ready_and_limits_on_its_own(stack: Stack) -> None:
    unreachable = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with (
        gateways(stack, unreachable, 1) as (gateway,),
        SandboxPractice.open(
            gateway, database_url=stack.database_url, rate_limit="4/minute", roster={}
        ) as practice,
        httpx.AsyncClient(base_url=gateway) as http,
    ):
        headers = await practice.headers("dentist")
        answers = [(await http.get("/v1/billing-summaries", headers=headers)).status_code for _ in range(4)]
        ready = await http.get("/ready?verbose")
    assert answers == [200, 200, 200, 429]
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True}
    assert ready.json()["dependencies"]["redis"] is False


async def test_two_limiters_on_one_redis_count_together(redis_url: str) -> None:
    shared = shared_counters(redis_url)
    first, second = RateLimiter(shared), RateLimiter(shared_counters_like(shared))
    try:
        for limiter in (first, second, first):
            await limiter.hit("client", "vendor-a", "3/minute")
        for limiter in (first, second):
            with pytest.raises(RateLimited) as refused:
                await limiter.check("client", "vendor-a", "3/minute")
            assert 1 <= refused.value.retry_after <= 60
        await second.hit("client", "vendor-b", "3/minute")  # another client, its own count
        keys = [key async for key in shared.client.scan_iter(match=f"{shared.prefix}:*")]
        assert keys and not [key for key in keys if b"vendor-" in key]  # client ids hashed in keys
    finally:
        close(first, second)


async def test_a_limiter_whose_redis_is_away_counts_on_its_own() -> None:
    shared = shared_counters(f"redis://127.0.0.1:{free_port()}/0")
    limiter = RateLimiter(shared)
    for _ in range(2):
        await limiter.hit("client", "vendor-a", "2/minute")
    with pytest.raises(RateLimited):
        await limiter.hit("client", "vendor-a", "2/minute")
    assert shared.away and not await shared.reachable()
    shared.close()


def shared_counters_like(shared: SharedCounters) -> SharedCounters:
    """Another gateway's connection to the same counters."""
    return SharedCounters(shared.url, namespace=shared.prefix.removeprefix("dentalink:"))


def close(*limiters: RateLimiter) -> None:
    for limiter in limiters:
        if limiter.shared is not None:
            limiter.shared.close()


@asynccontextmanager
async def throttles(redis_url: str) -> AsyncIterator[tuple[FailureThrottle, FailureThrottle]]:
    """Two gateways' throttles on the same counters."""
    shared = shared_counters(redis_url)
    other = shared_counters_like(shared)
    try:
        yield (
            SharedFailureThrottle(shared, trust_seconds=3600),
            SharedFailureThrottle(other, trust_seconds=3600),
        )
    finally:
        shared.close()
        other.close()


async def test_failures_counted_at_one_gateway_back_off_at_the_other(redis_url: str) -> None:
    async with throttles(redis_url) as (first, second):
        delays = [await throttle.failed("a", now=100.0, backoff=BACKOFF) for throttle in (first, second) * 2]
        delays.append(await first.failed("a", now=100.0, backoff=BACKOFF))
        assert delays == [0, 0, 1, 2, 4]
        with pytest.raises(RateLimited) as waiting:
            await second.check("a", now=101.5)
        assert waiting.value.retry_after == 3  # until 104, rounded up
        await second.check("a", now=104.0)
        await first.check("b", now=101.5)


async def test_a_success_at_one_gateway_forgives_and_is_trusted_at_the_other(redis_url: str) -> None:
    async with throttles(redis_url) as (first, second):
        for _ in range(4):
            await first.failed("a", now=0.0, backoff=BACKOFF)
        await second.succeeded("a", now=10.0)
        assert await first.failures("a") == 0 and await first.trusted("a", now=10.0, within=60)
        assert not await first.trusted("a", now=70.0, within=60)
        assert not await first.trusted("never", now=10.0, within=60)
        for _ in range(4):
            await second.failed("b", now=0.0, backoff=BACKOFF)
        assert await first.failed("b", now=900.0, backoff=BACKOFF) == 0  # a quiet spell: counted afresh
        assert await second.failures("b") == 1


async def test_a_throttle_whose_redis_is_away_backs_off_on_its_own() -> None:
    shared = shared_counters(f"redis://127.0.0.1:{free_port()}/0")
    throttle = SharedFailureThrottle(shared, trust_seconds=3600)
    delays = [await throttle.failed("a", now=100.0, backoff=BACKOFF) for _ in range(4)]
    assert delays == [0, 0, 1, 2]
    with pytest.raises(RateLimited):
        await throttle.check("a", now=101.0)
    shared.close()
