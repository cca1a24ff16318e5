"""What a vendor gets wrong, answered through the gateway as problem+json (issue 8, negative paths)."""

import asyncio
import os

import httpx
import pytest

from gateway.sandbox_client import SandboxPractice
from servicekit.testing import GATEWAY, assert_problem, expect, key

pytestmark = pytest.mark.e2e

TRAITS = {
    "birth_name": "Legrand",
    "birth_first_names": "Paul André",
    "birth_date": "1985-03-14",
    "sex": "M",
    "birth_place_code": "75113",
}


@pytest.fixture
async def practice():
    async with SandboxPractice.open(GATEWAY) as opened:
        yield opened


async def test_no_token_is_401(practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist")
    del headers["Authorization"]
    assert_problem(await practice.http.get("/v1/identities", headers=headers), 401)


async def test_an_expired_professional_token_is_401(practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist")
    headers["X-Pro-Sante-Connect-Token"] = await practice.psc_token("dentist", expired=True)
    body = assert_problem(await practice.http.get("/v1/identities", headers=headers), 401)
    assert body["type"].endswith("/invalid-professional-token")


async def test_a_forged_access_token_is_401(practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist")
    header, payload, _ = headers["Authorization"].removeprefix("Bearer ").split(".")
    headers["Authorization"] = f"Bearer {header}.{payload}.c2lnbmF0dXJl"
    assert_problem(await practice.http.get("/v1/identities", headers=headers), 401)


async def test_a_role_without_the_habilitation_is_403(practice: SandboxPractice) -> None:
    # A dental assistant manages appointments, not the patient's medical documents.
    response = await practice.http.get(
        "/v1/patients/280012A00400712/documents", headers=await practice.headers("dental-assistant")
    )
    assert_problem(response, 403)


async def test_another_practice_identity_is_404(practice: SandboxPractice) -> None:
    created = expect(
        await practice.http.post(
            "/v1/identities", json=TRAITS, headers=await practice.headers("dentist", idempotency_key=key())
        ),
        201,
    )
    async with SandboxPractice.open(GATEWAY) as other:
        response = await other.http.get(
            f"/v1/identities/{created['id']}", headers=await other.headers("dentist")
        )
    assert_problem(response, 404)


async def test_an_unknown_route_is_404(practice: SandboxPractice) -> None:
    assert_problem(await practice.http.get("/v1/nowhere", headers=await practice.headers("dentist")), 404)


async def test_malformed_json_is_400_and_invalid_fields_422(practice: SandboxPractice) -> None:
    headers = {**await practice.headers("dentist", idempotency_key=key()), "content-type": "application/json"}
    assert_problem(
        await practice.http.post("/v1/identities", content=b'{"birth_name": ', headers=headers), 400
    )
    invalid = {**TRAITS, "birth_date": "14/03/1985", "sex": "X"}
    headers = await practice.headers("dentist", idempotency_key=key())
    body = assert_problem(await practice.http.post("/v1/identities", json=invalid, headers=headers), 422)
    assert {error["field"] for error in body["errors"]} == {"birth_date", "sex"}
    assert "14/03/1985" not in str(body)


async def test_an_oversized_body_is_413(practice: SandboxPractice) -> None:
    headers = {**await practice.headers("dentist", idempotency_key=key()), "content-type": "application/json"}
    huge = b'{"birth_name": "' + b"A" * (11 * 1024 * 1024) + b'"}'
    assert_problem(await practice.http.post("/v1/identities", content=huge, headers=headers), 413)


async def test_a_client_over_its_rate_limit_gets_429_with_retry_after() -> None:
    async with SandboxPractice.open(GATEWAY, rate_limit="30/minute") as limited:
        headers = await limited.headers("dentist")
        answers = await asyncio.gather(
            *(limited.http.get("/v1/identities", headers=headers) for _ in range(40))
        )
    refused = [answer for answer in answers if answer.status_code == 429]
    assert refused, [answer.status_code for answer in answers]
    assert_problem(refused[0], 429)
    assert int(refused[0].headers["Retry-After"]) >= 1


async def test_a_replayed_idempotency_key_returns_the_first_answer(practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist", idempotency_key=key())
    first = await practice.http.post("/v1/identities", json=TRAITS, headers=headers)
    again = await practice.http.post("/v1/identities", json=TRAITS, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    other_body = await practice.http.post("/v1/identities", json={**TRAITS, "sex": "F"}, headers=headers)
    assert_problem(other_body, 422)


async def test_a_direct_call_to_a_service_without_the_gateway_is_401() -> None:
    offset = int(os.environ["DENTALINK_PORT_OFFSET"])  # the test stack's ports (root conftest)
    paths = {
        8101: "/v1/identities",
        8102: "/v1/apcv-sessions",
        8103: "/v1/patients/280012A00400712/documents",
        8104: "/v1/tele-expertises",
        8105: "/v1/invoices",
    }
    async with httpx.AsyncClient() as http:
        for port, path in paths.items():
            assert_problem(await http.get(f"http://127.0.0.1:{port + offset}{path}"), 401)
