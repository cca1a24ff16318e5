"""Back-off after failed logins (gateway.ratelimit.FailureThrottle, in this process's memory; the
shared one on Redis: integration/test_gateway_shared_counters.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.ratelimit import Backoff, FailureThrottle, RateLimited

BACKOFF = Backoff(free_failures=3, base_seconds=1.0, max_seconds=300.0, forget_seconds=900.0)


@given(
    free=st.integers(min_value=1, max_value=10),
    base=st.floats(min_value=0.01, max_value=60),
    cap=st.floats(min_value=0.01, max_value=3600),
    failures=st.integers(min_value=0, max_value=10_000),
)
def test_the_delay_is_free_at_first_then_grows_and_never_passes_the_cap(
    free: int, base: float, cap: float, failures: int
) -> None:
    backoff = Backoff(free, base, cap, forget_seconds=900)
    delay = backoff.delay(failures)
    assert 0 <= delay <= cap
    assert (delay == 0) is (failures < free)
    assert backoff.delay(failures + 1) >= delay


async def test_a_key_backs_off_after_its_free_failures_and_others_do_not() -> None:
    throttle = FailureThrottle()
    delays = [await throttle.failed("a", now=100.0, backoff=BACKOFF) for _ in range(5)]
    assert delays == [0, 0, 1, 2, 4]
    with pytest.raises(RateLimited) as waiting:
        await throttle.check("a", now=101.5)
    assert waiting.value.retry_after == 3  # until 104, rounded up
    await throttle.check("a", now=104.0)
    await throttle.check("b", now=101.5)


async def test_a_success_forgives_and_a_quiet_spell_forgets() -> None:
    throttle = FailureThrottle()
    for _ in range(4):
        await throttle.failed("a", now=0.0, backoff=BACKOFF)
    await throttle.succeeded("a", now=10.0)
    assert await throttle.failures("a") == 0 and await throttle.trusted("a", now=10.0, within=60)
    assert not await throttle.trusted("a", now=70.0, within=60)
    for _ in range(4):
        await throttle.failed("b", now=0.0, backoff=BACKOFF)
    assert await throttle.failed("b", now=900.0, backoff=BACKOFF) == 0  # counted afresh
    assert await throttle.failures("b") == 1


async def test_memory_is_bounded_and_the_least_recently_failed_key_goes_first() -> None:
    throttle = FailureThrottle(max_keys=2)
    for key in ("a", "b", "a", "c"):
        await throttle.failed(key, now=0.0, backoff=BACKOFF)
    assert [await throttle.failures(key) for key in "abc"] == [2, 0, 1]
