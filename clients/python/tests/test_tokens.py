"""Client-credentials tokens: fetched once, reused, renewed shortly before they expire."""

import asyncio
import base64
from urllib.parse import parse_qs

import pytest

from dentalink_sdk import ApiError


def psc_professionals(api):
    return api.json_response(200, api.example("/v1/sandbox/psc-professionals", "get", "200"))


async def test_one_token_serves_every_call_until_it_nears_its_end(api) -> None:
    api.answers = [psc_professionals(api) for _ in range(3)]
    sdk = api.sdk()
    for _ in range(3):
        await sdk.sandbox.list_psc_professionals()
    assert len(api.token_calls) == 1
    assert [call.headers["Authorization"] for call in api.calls] == ["Bearer tok-1"] * 3


async def test_the_token_request_is_client_credentials_with_basic_authentication(api) -> None:
    api.answers = [psc_professionals(api)]
    await api.sdk(scope="sandbox identities:read").sandbox.list_psc_professionals()
    (request,) = api.token_calls
    assert request.method == "POST"
    assert (
        request.headers["Authorization"] == "Basic " + base64.b64encode(b"vendor-test:vendor-secret").decode()
    )
    form = parse_qs(request.content.decode())
    assert form == {"grant_type": ["client_credentials"], "scope": ["sandbox identities:read"]}


async def test_a_token_is_renewed_30_seconds_before_it_expires(api) -> None:
    api.answers = [psc_professionals(api) for _ in range(3)]
    sdk = api.sdk()
    await sdk.sandbox.list_psc_professionals()
    api.now += 300 - 31  # still more than the margin left
    await sdk.sandbox.list_psc_professionals()
    api.now += 2  # 29 s left: renewed before use
    await sdk.sandbox.list_psc_professionals()
    assert [call.headers["Authorization"] for call in api.calls] == [
        "Bearer tok-1",
        "Bearer tok-1",
        "Bearer tok-2",
    ]


async def test_a_short_lived_token_is_renewed_at_half_its_life(api) -> None:
    api.token_lifetime = 40
    sdk = api.sdk()
    assert await sdk.access_token() == "tok-1"
    api.now += 19
    assert await sdk.access_token() == "tok-1"
    api.now += 2
    assert await sdk.access_token() == "tok-2"


async def test_concurrent_calls_share_one_token_request(api) -> None:
    api.answers = [psc_professionals(api) for _ in range(5)]
    sdk = api.sdk()
    await asyncio.gather(*(sdk.sandbox.list_psc_professionals() for _ in range(5)))
    assert len(api.token_calls) == 1


async def test_a_token_the_api_no_longer_accepts_is_replaced_once(api) -> None:
    invalid = {"WWW-Authenticate": 'Bearer realm="dentalink", error="invalid_token"'}
    api.answers = [api.problem(401, "invalid-token", invalid), psc_professionals(api)]
    await api.sdk().sandbox.list_psc_professionals()
    assert [call.headers["Authorization"] for call in api.calls] == ["Bearer tok-1", "Bearer tok-2"]


async def test_a_second_refusal_of_a_new_token_is_the_answer(api) -> None:
    invalid = {"WWW-Authenticate": 'Bearer realm="dentalink", error="invalid_token"'}
    api.answers = [api.problem(401, "invalid-token", invalid), api.problem(401, "invalid-token", invalid)]
    with pytest.raises(ApiError) as refused:
        await api.sdk().sandbox.list_psc_professionals()
    assert (refused.value.status, refused.value.kind) == (401, "invalid-token")
    assert len(api.token_calls) == 2


async def test_refused_credentials_raise_the_token_endpoint_problem(api) -> None:
    api.token_answer = api.problem(401, "invalid-client")
    with pytest.raises(ApiError) as refused:
        await api.sdk().sandbox.list_psc_professionals()
    assert (refused.value.status, refused.value.kind) == (401, "invalid-client")
    assert api.calls == []
