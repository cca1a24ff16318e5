"""Retries on 429/503 after Retry-After, within bounds, and never a creation without its key."""

import json
from datetime import UTC, datetime

import httpx
import pytest

from dentalink_sdk import ApiError, RetryPolicy
from dentalink_sdk.retries import retry_after

IDENTITIES = "/v1/identities"
PRACTICE = "cab-test-1"
TRAITS = {  # fictitious
    "birth_name": "Martin",
    "birth_first_names": "Jeanne Alice",
    "birth_date": "1990-05-17",
    "sex": "F",
    "birth_place_code": "75056",
}


def created(api):
    return api.json_response(201, api.example(IDENTITIES, "post", "201"))


def listed(api):
    return api.json_response(200, api.example(IDENTITIES, "get", "200"))


def dentist(api, **options):
    return api.sdk(**options).as_professional("psc.id.token", PRACTICE)


async def test_a_rate_limited_call_is_sent_again_after_retry_after(api) -> None:
    api.answers = [api.problem(429, "rate-limited", {"Retry-After": "2"}), listed(api)]
    page = await dentist(api).identities.list()
    assert len(page.items) == 1
    assert api.slept == [2.0]
    assert len(api.calls) == 2


async def test_a_503_without_retry_after_backs_off_exponentially(api) -> None:
    api.answers = [api.problem(503, "upstream-unavailable") for _ in range(3)] + [listed(api)]
    await dentist(api, retry=RetryPolicy(attempts=4, first_delay=0.5, max_delay=8.0)).identities.list()
    assert api.slept == [0.5, 1.0, 2.0]


async def test_attempts_are_bounded_then_the_last_answer_is_raised(api) -> None:
    api.answers = [api.problem(503, "upstream-unavailable", {"Retry-After": "1"}) for _ in range(3)]
    with pytest.raises(ApiError) as refused:
        await dentist(api, retry=RetryPolicy(attempts=3)).identities.list()
    assert (refused.value.status, refused.value.kind) == (503, "upstream-unavailable")
    assert len(api.calls) == 3
    assert api.slept == [1.0, 1.0]


async def test_no_wait_goes_past_the_total_time(api) -> None:
    api.answers = [
        api.problem(429, "rate-limited", {"Retry-After": "20"}),
        api.problem(429, "rate-limited", {"Retry-After": "20"}),
    ]
    with pytest.raises(ApiError) as refused:
        await dentist(api, retry=RetryPolicy(attempts=5, total_seconds=30)).identities.list()
    assert refused.value.status == 429
    assert api.slept == [20.0]  # a second wait of 20 s would end 40 s after the first send


async def test_a_creation_is_retried_with_the_same_key_and_body(api) -> None:
    api.answers = [api.problem(503, "upstream-unavailable", {"Retry-After": "1"}), created(api)]
    identity = await dentist(api).identities.create(body=TRAITS)
    assert str(identity.id) == api.example(IDENTITIES, "post", "201")["id"]
    first, second = api.calls
    assert first.method == second.method == "POST"
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert json.loads(first.content) == json.loads(second.content) == TRAITS


async def test_a_conflict_in_flight_is_retried_with_the_same_key(api) -> None:
    in_flight = api.problem(409, "idempotency-key-in-flight", {"Retry-After": "1"})
    api.answers = [in_flight, created(api)]
    await dentist(api).identities.create(body=TRAITS, idempotency_key="order-42")
    assert [call.headers["Idempotency-Key"] for call in api.calls] == ["order-42", "order-42"]


async def test_other_conflicts_are_not_retried(api) -> None:
    api.answers = [api.problem(409, "duplicate-identity")]
    with pytest.raises(ApiError) as refused:
        await dentist(api).identities.create(body=TRAITS)
    assert refused.value.kind == "duplicate-identity"
    assert len(api.calls) == 1


async def test_every_creation_gets_a_key_of_its_own(api) -> None:
    api.answers = [created(api), created(api)]
    professional = dentist(api)
    await professional.identities.create(body=TRAITS)
    await professional.identities.create(body=TRAITS)
    first, second = (call.headers["Idempotency-Key"] for call in api.calls)
    assert first != second


async def test_a_post_without_an_idempotency_key_is_never_sent_twice(api) -> None:
    # Adding a member takes no Idempotency-Key: a lost answer could hide a done change.
    api.answers = [api.problem(503, "upstream-unavailable", {"Retry-After": "1"})]
    with pytest.raises(ApiError):
        await dentist(api).practice_members.add(PRACTICE, body={"rpps": "10000001031", "roles": ["dentist"]})
    assert len(api.calls) == 1
    assert "Idempotency-Key" not in api.calls[0].headers
    assert api.slept == []


async def test_a_refused_connection_is_retried_only_when_a_repeat_is_harmless(api) -> None:
    api.answers = [httpx.ConnectError("refused"), listed(api)]
    await dentist(api).identities.list()
    assert len(api.calls) == 2
    api.answers = [httpx.ConnectError("refused")]
    with pytest.raises(httpx.ConnectError):
        await dentist(api).practice_members.add(PRACTICE, body={"rpps": "10000001031", "roles": ["dentist"]})


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 3, 1, 10, 0, 0, tzinfo=UTC)

    def answer(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": value})

    assert retry_after(answer("7"), now=now) == 7.0
    assert retry_after(answer("Sun, 01 Mar 2026 10:00:30 GMT"), now=now) == 30.0
    assert retry_after(answer("Sun, 01 Mar 2026 09:59:00 GMT"), now=now) == 0.0
    assert retry_after(answer("soon"), now=now) is None
    assert retry_after(httpx.Response(429), now=now) is None
