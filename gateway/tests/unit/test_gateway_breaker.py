"""The circuit breaker per upstream: it opens on a failure *rate* over a sliding window, and only
failures that say the upstream cannot answer count."""

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.breaker import BreakerPolicy, BreakerState, CircuitBreaker, CircuitOpen
from gateway.domain.habilitations import Upstream
from gateway.forwarding import (
    Forwarder,
    UpstreamPaused,
    UpstreamTimeout,
    UpstreamUnreachable,
    upstream_failed,
)
from gateway.problems import problem_of

POLICY = BreakerPolicy(
    failure_ratio=0.5, window_seconds=10, minimum_calls=4, reset_seconds=5, half_open_calls=2
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def state_of(breaker: CircuitBreaker) -> BreakerState:
    """Read anew (mypy would keep the state narrowed by an earlier assertion)."""
    return breaker.state


def call(breaker: CircuitBreaker, *, failed: bool) -> None:
    permit = breaker.permit()
    if failed:
        permit.failed()
    else:
        permit.succeeded()


def breaker_with(clock: Clock, policy: BreakerPolicy = POLICY) -> CircuitBreaker:
    return CircuitBreaker("ins", policy, clock=clock)


def test_failures_below_the_minimum_number_of_calls_never_open_the_circuit() -> None:
    breaker = breaker_with(Clock())
    for _ in range(3):
        call(breaker, failed=True)
    assert breaker.state is BreakerState.CLOSED and breaker.window() == (3, 3)
    call(breaker, failed=True)  # the fourth call: 4 of 4 failed
    assert state_of(breaker) is BreakerState.OPEN


def test_the_circuit_opens_when_the_ratio_is_reached_not_before() -> None:
    breaker = breaker_with(Clock())
    for failed in (False, False, False, True, True):  # 2 of 5 = 40 %
        call(breaker, failed=failed)
    assert breaker.state is BreakerState.CLOSED
    call(breaker, failed=True)  # 3 of 6 = 50 %
    assert state_of(breaker) is BreakerState.OPEN


def test_successes_dilute_failures_so_a_few_bad_calls_among_many_good_ones_do_not_open_it() -> None:
    breaker = breaker_with(Clock(), BreakerPolicy(failure_ratio=0.5, minimum_calls=20))
    for index in range(200):
        call(breaker, failed=index % 3 == 0)  # a third of the calls fail, spread out
    assert breaker.state is BreakerState.CLOSED


def test_old_outcomes_leave_the_sliding_window() -> None:
    clock = Clock()
    breaker = breaker_with(clock)
    for _ in range(3):
        call(breaker, failed=True)
    clock.now += 9.9  # still in the 10 s window (ten 1 s buckets)
    assert breaker.window() == (3, 3)
    clock.now += 0.1
    assert breaker.window() == (0, 0)
    call(breaker, failed=True)
    assert breaker.state is BreakerState.CLOSED and breaker.window() == (1, 1)


def test_an_open_circuit_fails_fast_then_lets_a_limited_number_of_probes_through() -> None:
    clock = Clock()
    breaker = breaker_with(clock)
    for _ in range(4):
        call(breaker, failed=True)
    with pytest.raises(CircuitOpen) as paused:
        breaker.permit()
    assert paused.value.retry_after == 5
    clock.now += 5
    assert state_of(breaker) is BreakerState.HALF_OPEN
    first, second = breaker.permit(), breaker.permit()  # two probes (half_open_calls=2)
    with pytest.raises(CircuitOpen) as no_third:
        breaker.permit()
    assert no_third.value.retry_after == 1
    first.succeeded()
    assert state_of(breaker) is BreakerState.HALF_OPEN  # one success is not enough
    second.succeeded()
    assert state_of(breaker) is BreakerState.CLOSED and breaker.window() == (0, 0)


def test_a_failed_probe_opens_the_circuit_for_another_period() -> None:
    clock = Clock()
    breaker = breaker_with(clock)
    for _ in range(4):
        call(breaker, failed=True)
    clock.now += 5
    probe, other = breaker.permit(), breaker.permit()
    probe.failed()
    assert breaker.state is BreakerState.OPEN
    other.succeeded()  # a probe of the half-open period that just ended: no longer evidence
    assert breaker.state is BreakerState.OPEN
    clock.now += 4.5
    assert state_of(breaker) is BreakerState.OPEN
    clock.now += 0.5
    assert state_of(breaker) is BreakerState.HALF_OPEN


def test_a_released_probe_frees_its_slot_and_a_permit_settles_once() -> None:
    clock = Clock()
    breaker = breaker_with(clock, BreakerPolicy(minimum_calls=1, reset_seconds=5, half_open_calls=1))
    call(breaker, failed=True)
    clock.now += 5
    probe = breaker.permit()
    with pytest.raises(CircuitOpen):
        breaker.permit()
    probe.release()
    probe.failed()  # already settled: ignored
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.permit().succeeded()
    assert state_of(breaker) is BreakerState.CLOSED


def test_late_answers_of_calls_sent_while_closed_do_not_reopen_or_extend_the_pause() -> None:
    clock = Clock()
    breaker = breaker_with(clock)
    late = [breaker.permit() for _ in range(3)]
    for _ in range(4):
        call(breaker, failed=True)
    opened_at = breaker.opened_at
    clock.now += 1
    for permit in late:
        permit.failed()
    assert breaker.opened_at == opened_at


@pytest.mark.parametrize(
    "bad",
    [
        {"failure_ratio": 0},
        {"failure_ratio": 1.5},
        {"window_seconds": 0},
        {"minimum_calls": 0},
        {"half_open_calls": 0},
    ],
)
def test_a_policy_that_cannot_work_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must"):
        BreakerPolicy(**bad)


@settings(max_examples=200, deadline=None)
@given(
    outcomes=st.lists(st.tuples(st.booleans(), st.floats(min_value=0, max_value=4)), max_size=80),
    ratio=st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    minimum=st.integers(min_value=1, max_value=20),
)
def test_the_circuit_is_open_exactly_when_the_window_crossed_the_ratio(
    outcomes: list[tuple[bool, float]], ratio: float, minimum: int
) -> None:
    """Against a model that keeps every outcome: the circuit opens at the first failure after which
    the outcomes of the last window (bucketed) reach the ratio over at least `minimum` calls."""
    clock = Clock()
    policy = BreakerPolicy(failure_ratio=ratio, window_seconds=10, minimum_calls=minimum, reset_seconds=1e9)
    breaker = breaker_with(clock, policy)
    seen: list[tuple[int, bool]] = []  # (bucket, failed)
    expected_open = False
    for failed, pause in outcomes:
        clock.now += pause
        if expected_open:
            with pytest.raises(CircuitOpen):
                breaker.permit()
            continue
        call(breaker, failed=failed)
        bucket = int(clock.now)  # 10 buckets of 1 s
        seen.append((bucket, failed))
        recent = [f for b, f in seen if b > bucket - 10]
        expected_open = failed and len(recent) >= minimum and sum(recent) >= ratio * len(recent)
        assert (breaker.state is BreakerState.OPEN) is expected_open


@settings(max_examples=100, deadline=None)
@given(bad=st.integers(min_value=0, max_value=500), good=st.integers(min_value=0, max_value=500))
def test_answers_caused_by_the_request_never_open_the_circuit(bad: int, good: int) -> None:
    """Whatever the mix of 4xx, 500 and successes, the circuit stays closed."""
    breaker = breaker_with(Clock(), BreakerPolicy(minimum_calls=1, failure_ratio=0.01))
    answers = [httpx.Response(422), httpx.Response(500), problem(500, "internal-error"), httpx.Response(404)]
    for index in range(bad):
        call(breaker, failed=upstream_failed(answers[index % len(answers)]))
    for _ in range(good):
        call(breaker, failed=upstream_failed(httpx.Response(200)))
    assert breaker.state is BreakerState.CLOSED


# --- which answers count, through the forwarder -------------------------------------------------


def problem(status: int, kind: str) -> httpx.Response:
    body = {"type": f"https://dentalink.fr/problems/{kind}", "title": kind, "status": status}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def forwarder_answering(response: httpx.Response) -> Forwarder:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: response))
    policy = BreakerPolicy(minimum_calls=5, failure_ratio=0.5)
    return Forwarder(client, {Upstream.INS: "http://ins"}, retries=0, breaker_policy=policy)


async def call_ins(forwarder: Forwarder, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        response = await forwarder.send(
            Upstream.INS, "POST", "/v1/identities/x/insi-lookups", {}, b"{}", route="/v1/identities/{id}"
        )
        await response.aclose()
        statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize(
    "answer",
    [
        problem(503, "insi-unavailable"),
        problem(504, "insi-timeout"),
        problem(503, "adri-unavailable"),
        problem(500, "internal-error"),
        httpx.Response(500, text="Internal Server Error"),
        problem(422, "validation-error"),
        problem(404, "not-found"),
    ],
)
async def test_answers_of_a_live_service_never_open_its_circuit(answer: httpx.Response) -> None:
    forwarder = forwarder_answering(answer)
    assert await call_ins(forwarder, 20) == [answer.status_code] * 20
    assert forwarder.breaker(Upstream.INS).state is BreakerState.CLOSED


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, text="Service Unavailable"),
        httpx.Response(502, json={"detail": "proxy"}),
        httpx.Response(504, headers={"content-type": "text/html"}),
    ],
)
async def test_a_server_or_proxy_saying_the_service_cannot_answer_opens_the_circuit(
    answer: httpx.Response,
) -> None:
    forwarder = forwarder_answering(answer)
    await call_ins(forwarder, 5)
    assert forwarder.breaker(Upstream.INS).state is BreakerState.OPEN
    with pytest.raises(UpstreamPaused) as paused:
        await call_ins(forwarder, 1)
    problem = problem_of(paused.value)
    assert (problem.status, problem.kind) == (503, "upstream-unavailable")
    assert problem.headers is not None and int(problem.headers["Retry-After"]) >= 1


async def test_transport_errors_and_timeouts_count_as_failures() -> None:
    errors = iter([httpx.ConnectError("refused"), httpx.ReadTimeout("slow")] * 3)

    def failing(_: httpx.Request) -> httpx.Response:
        raise next(errors)

    client = httpx.AsyncClient(transport=httpx.MockTransport(failing))
    forwarder = Forwarder(client, {Upstream.INS: "http://ins"}, retries=0, breaker_policy=POLICY)
    for expected in (UpstreamUnreachable, UpstreamTimeout) * 2:
        with pytest.raises(expected):
            await call_ins(forwarder, 1)
    assert forwarder.breaker(Upstream.INS).state is BreakerState.OPEN


@pytest.mark.parametrize(
    ("answer", "failed"),
    [
        (problem(503, "insi-unavailable"), False),
        (problem(409, "conflict"), False),
        (httpx.Response(200), False),
        (problem(500, "internal-error"), False),
        (httpx.Response(500, text="Internal Server Error"), False),
        (httpx.Response(504, headers={"content-type": "text/html"}), True),
        (httpx.Response(503, text="Service Unavailable"), True),
        (httpx.Response(502), True),
    ],
)
def test_which_answers_count_as_upstream_failures(answer: httpx.Response, failed: bool) -> None:
    assert upstream_failed(answer) is failed


def test_a_closed_circuit_ramps_up_instead_of_releasing_a_burst() -> None:
    clock = Clock()
    breaker = breaker_with(clock, BreakerPolicy(minimum_calls=2, reset_seconds=5, half_open_calls=2))
    for _ in range(2):
        call(breaker, failed=True)
    clock.now += 5
    call(breaker, failed=False)
    call(breaker, failed=False)  # both probes succeeded: closed, and ramping
    assert state_of(breaker) is BreakerState.CLOSED
    held = [breaker.permit(), breaker.permit()]  # the probe count may be in flight at once
    with pytest.raises(CircuitOpen) as held_back:
        breaker.permit()
    assert held_back.value.retry_after == 1
    held[0].succeeded()
    held.append(breaker.permit())  # a slot freed is a slot taken
    clock.now += 1
    held += [breaker.permit(), breaker.permit()]  # doubled after a second: 4 in flight
    with pytest.raises(CircuitOpen):
        breaker.permit()
    clock.now += 4  # ramp over (5 s): no cap at all
    many = [breaker.permit() for _ in range(50)]
    for permit in [*held, *many]:
        permit.succeeded()
    assert state_of(breaker) is BreakerState.CLOSED


def test_an_upstream_ready_again_half_opens_the_circuit_at_once() -> None:
    clock = Clock()
    breaker = breaker_with(clock, BreakerPolicy(minimum_calls=2, reset_seconds=60, half_open_calls=1))
    for _ in range(2):
        call(breaker, failed=True)
    assert state_of(breaker) is BreakerState.OPEN
    breaker.upstream_ready()
    assert state_of(breaker) is BreakerState.HALF_OPEN
    call(breaker, failed=False)
    assert state_of(breaker) is BreakerState.CLOSED


async def test_the_gateway_asks_an_open_upstream_if_it_is_ready_and_half_opens_when_it_is() -> None:
    ready_answers = iter([503, 503, 200])
    asked: list[str] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ready":
            asked.append(request.url.path)
            return httpx.Response(next(ready_answers))
        return httpx.Response(503, text="Service Unavailable")

    client = httpx.AsyncClient(transport=httpx.MockTransport(upstream))
    policy = BreakerPolicy(minimum_calls=2, reset_seconds=600, half_open_calls=1)
    forwarder = Forwarder(client, {Upstream.INS: "http://ins"}, retries=0, breaker_policy=policy)
    forwarder.readiness_interval_seconds = 0.01
    await call_ins(forwarder, 2)
    breaker = forwarder.breaker(Upstream.INS)
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(UpstreamPaused):
        await call_ins(forwarder, 1)  # refused fast, and the readiness watch starts
    for _ in range(200):
        if breaker.state is not BreakerState.OPEN:
            break
        await asyncio.sleep(0.01)
    assert asked == ["/ready"] * 3
    assert breaker.state is BreakerState.HALF_OPEN  # long before the 600 s reset
