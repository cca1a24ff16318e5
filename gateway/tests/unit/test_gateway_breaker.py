"""The circuit breaker per upstream."""

import httpx
import pytest

from gateway.breaker import BreakerState, CircuitBreaker, CircuitOpen
from gateway.domain.habilitations import Upstream
from gateway.forwarding import Forwarder, UpstreamPaused, upstream_failed
from gateway.problems import problem_of


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def state_of(breaker: CircuitBreaker) -> BreakerState:
    """Read anew (mypy would keep the state narrowed by an earlier assertion)."""
    return breaker.state


def test_opens_after_consecutive_failures_and_half_opens_after_the_pause() -> None:
    clock = Clock()
    breaker = CircuitBreaker("ins", failure_threshold=3, reset_seconds=10, clock=clock)
    for _ in range(2):
        breaker.before_call()
        breaker.record_failure()
    breaker.before_call()
    breaker.record_success()  # a success resets the count
    for _ in range(3):
        breaker.before_call()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as paused:
        breaker.before_call()
    assert paused.value.retry_after == pytest.approx(10)
    clock.now += 10
    assert state_of(breaker) is BreakerState.HALF_OPEN
    breaker.before_call()  # the one trial call
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # no second call while the trial runs
    breaker.record_success()
    assert state_of(breaker) is BreakerState.CLOSED


def test_a_failed_trial_opens_again_and_a_released_one_frees_the_slot() -> None:
    clock = Clock()
    breaker = CircuitBreaker("ins", failure_threshold=1, reset_seconds=5, clock=clock)
    breaker.record_failure()
    clock.now += 5
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now += 5
    breaker.before_call()
    breaker.release()
    breaker.before_call()  # the slot is free again


def problem(status: int, kind: str) -> httpx.Response:
    body = {"type": f"https://dentalink.fr/problems/{kind}", "title": kind, "status": status}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def forwarder_answering(response: httpx.Response) -> Forwarder:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: response))
    return Forwarder(client, {Upstream.INS: "http://ins"}, retries=0, failure_threshold=5)


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
    [problem(503, "insi-unavailable"), problem(504, "insi-timeout"), problem(503, "adri-unavailable")],
)
async def test_a_live_services_own_unavailability_problem_never_opens_its_circuit(
    answer: httpx.Response,
) -> None:
    forwarder = forwarder_answering(answer)
    assert await call_ins(forwarder, 10) == [answer.status_code] * 10
    assert forwarder.breaker(Upstream.INS).state is BreakerState.CLOSED


@pytest.mark.parametrize(
    "answer",
    [
        problem(500, "internal-error"),
        httpx.Response(503, text="Service Unavailable"),
        httpx.Response(502, json={"detail": "proxy"}),
    ],
)
async def test_crashes_and_non_problem_5xx_answers_open_the_circuit(answer: httpx.Response) -> None:
    forwarder = forwarder_answering(answer)
    await call_ins(forwarder, 5)
    assert forwarder.breaker(Upstream.INS).state is BreakerState.OPEN
    with pytest.raises(UpstreamPaused) as paused:
        await call_ins(forwarder, 1)
    problem = problem_of(paused.value)
    assert (problem.status, problem.kind) == (503, "upstream-unavailable")


@pytest.mark.parametrize(
    ("answer", "failed"),
    [
        (problem(503, "insi-unavailable"), False),
        (problem(409, "conflict"), False),
        (httpx.Response(200), False),
        (problem(500, "internal-error"), True),
        (httpx.Response(504, headers={"content-type": "text/html"}), True),
    ],
)
def test_which_answers_count_as_upstream_failures(answer: httpx.Response, failed: bool) -> None:
    assert upstream_failed(answer) is failed
