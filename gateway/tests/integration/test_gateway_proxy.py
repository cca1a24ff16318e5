"""Routing, authentication and habilitations through the gateway, against stub services."""

import hashlib
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from dentalink_contracts.values import Role
from gateway.adapters.psc import PSC_HEADER
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.domain.calls import ACTING_ROLE_HEADER, PRACTICE_HEADER
from gateway.sandbox_client import SandboxPractice
from gateway.testing import Stack

pytestmark = pytest.mark.integration
INS = "295109912611193"


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "application/problem+json", response.text
    kind: str = response.json()["type"]
    return kind.rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("method", "path", "upstream"),
    [
        ("GET", "/v1/identities/abc", "ins"),
        ("POST", "/v1/apcv-sessions", "vitale"),
        ("GET", f"/v1/patients/{INS}/documents", "dmp"),
        ("GET", "/v1/tele-expertises", "telemed"),
        ("GET", "/v1/invoices/export.csv", "billing"),
        ("POST", "/v1/sandbox/apcv-payloads", "vitale"),
    ],
)
async def test_each_route_reaches_its_service_with_the_caller_context(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice, method: str, path: str, upstream: str
) -> None:
    response = await http.request(method, path, headers=await practice.headers("dentist"), json={})
    assert response.status_code in (200, 201), response.text
    echoed = response.json()
    assert echoed["upstream"] == upstream
    assert echoed["path"] == path
    caller = echoed["caller"]
    assert caller["practice_id"] == practice.practice_id
    assert caller["client_id"] == practice.client_id
    assert caller["role"] == "dentist"
    assert caller["professional"] == {
        "rpps": sandbox_professional("dentist").rpps,
        "profession": "dentist",
        "specialty": None,
        "establishment_finess": None,
    }


async def test_credentials_never_reach_a_service_and_the_request_id_travels(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist") | {"X-Request-Id": "vendor-req-42", "Cookie": "session=1"}
    response = await http.get("/v1/identities/abc?matricule=x", headers=headers)
    echoed = response.json()
    assert set(echoed["headers"]) >= {"x-request-id", "traceparent"}
    assert {"authorization", PSC_HEADER.lower(), PRACTICE_HEADER.lower(), "cookie"}.isdisjoint(
        echoed["headers"]
    )
    assert echoed["headers"]["x-request-id"] == "vendor-req-42"
    assert response.headers["x-request-id"] == "vendor-req-42"
    assert echoed["query"] == "matricule=x"


async def test_a_request_id_is_generated_when_absent_and_a_malformed_one_refused(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    response = await http.get("/v1/identities/abc", headers=await practice.headers("dentist"))
    generated = response.headers["x-request-id"]
    assert response.json()["headers"]["x-request-id"] == generated
    assert (await http.get("/v1/nowhere")).headers["x-request-id"]
    for malformed in ["bad id with spaces", "x" * 129, ""]:
        headers = await practice.headers("dentist") | {"X-Request-Id": malformed}
        refused = await http.get("/v1/identities/abc", headers=headers)
        assert refused.status_code == 400, malformed
        assert refused.json()["type"].endswith("/invalid-request-id")
        assert refused.json()["errors"][0]["field"] == "header.X-Request-Id"
        assert refused.headers["x-request-id"] not in (malformed, generated)  # a fresh one
    accepted = await practice.headers("dentist") | {"X-Request-Id": "x" * 128}
    assert (await http.get("/v1/identities/abc", headers=accepted)).headers["x-request-id"] == "x" * 128


async def test_the_specialty_and_establishment_come_from_the_pro_sante_connect_token(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    surgeon = await http.post(
        "/v1/tele-expertises/x/acceptance", headers=await practice.headers("oral-surgeon")
    )
    assert surgeon.json()["caller"]["professional"]["specialty"] == "oral_surgery"
    assert surgeon.json()["caller"]["role"] == "specialist"
    nurse = await http.get("/v1/tele-expertises", headers=await practice.headers("ehpad-nurse"))
    assert nurse.json()["caller"]["professional"]["establishment_finess"] == "670000017"
    assert nurse.json()["caller"]["role"] == "ehpad_professional"


async def test_without_access_token_or_with_a_bad_one_it_is_401(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    del headers["Authorization"]
    missing = await http.get("/v1/identities/abc", headers=headers)
    assert missing.status_code == 401 and problem_type(missing) == "unauthenticated"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    forged = await http.get("/v1/identities/abc", headers=headers | {"Authorization": "Bearer abc.def.ghi"})
    assert forged.status_code == 401 and problem_type(forged) == "invalid-token"
    assert 'error="invalid_token"' in forged.headers["www-authenticate"]


async def test_a_professional_token_missing_expired_or_forged_is_401(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    for value in (None, await practice.psc_token("dentist", expired=True), "x.y.z"):
        sent = {k: v for k, v in headers.items() if k != PSC_HEADER} | ({PSC_HEADER: value} if value else {})
        response = await http.get("/v1/identities/abc", headers=sent)
        assert response.status_code == 401
        assert problem_type(response) == "invalid-professional-token"


async def test_a_professional_token_is_refused_from_any_client_but_the_one_it_was_minted_for(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    assert (await http.get("/v1/identities/abc", headers=headers)).status_code == 200
    async with stack.practice() as other:
        stolen = await other.headers("dentist") | {PSC_HEADER: headers[PSC_HEADER]}
        response = await http.get("/v1/identities/abc", headers=stolen)
        assert response.status_code == 401, response.text
        assert problem_type(response) == "invalid-professional-token"
        assert "azp" in response.json()["detail"] and practice.client_id not in response.text
        assert (
            await http.get("/v1/identities/abc", headers=await other.headers("dentist"))
        ).status_code == 200


async def test_the_sandbox_mints_no_token_living_longer_than_the_gateway_accepts(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    bearer = {"Authorization": f"Bearer {await practice.token()}"}
    too_long = await http.post(
        "/v1/sandbox/psc-tokens", headers=bearer, json={"professional": "dentist", "lifetime_seconds": 3601}
    )
    assert too_long.status_code == 422, too_long.text
    assert [error["field"] for error in too_long.json()["errors"]] == ["lifetime_seconds"]
    longest = await http.post(
        "/v1/sandbox/psc-tokens", headers=bearer, json={"professional": "dentist", "lifetime_seconds": 3600}
    )
    assert longest.status_code == 201


async def test_the_practice_must_be_named_and_registered_for_the_client(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    missing = await http.get(
        "/v1/identities/abc", headers={k: v for k, v in headers.items() if k != PRACTICE_HEADER}
    )
    assert missing.status_code == 400 and problem_type(missing) == "practice-required"
    async with stack.practice() as other:
        foreign = await http.get("/v1/identities/abc", headers=headers | {PRACTICE_HEADER: other.practice_id})
    assert foreign.status_code == 404 and problem_type(foreign) == "practice-not-found"


async def test_roles_follow_the_matrix(http: httpx.AsyncClient, practice: SandboxPractice) -> None:
    assistant = await practice.headers("dental-assistant")
    assert (await http.get("/v1/identities/abc", headers=assistant)).status_code == 200
    denied = await http.get(f"/v1/patients/{INS}/documents", headers=assistant)
    assert denied.status_code == 403 and problem_type(denied) == "forbidden-role"
    auditor = await practice.headers("auditor")
    assert (await http.get(f"/v1/patients/{INS}/access-log", headers=auditor)).status_code == 200
    assert (await http.get("/v1/identities/abc", headers=auditor)).status_code == 403
    # Only the requis (a dentist or a specialist) answers a tele-expertise; EHPAD staff cannot.
    nurse = await practice.headers("ehpad-nurse")
    assert (await http.post("/v1/tele-expertises/x/report", headers=nurse, json={})).status_code == 403
    assert (await http.post("/v1/tele-expertises/x/cancellation", headers=nurse, json={})).status_code == 201


async def test_a_professional_off_the_roster_is_refused(stack: Stack, http: httpx.AsyncClient) -> None:
    async with stack.practice(roster={}) as lonely:
        response = await http.get("/v1/identities/abc", headers=await lonely.headers("dental-assistant"))
    assert response.status_code == 403 and problem_type(response) == "not-a-member"


async def test_the_acting_role_header_picks_one_of_the_held_roles(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    as_admin = await http.get(
        "/v1/billing-summaries", headers=headers | {ACTING_ROLE_HEADER: "practice_admin"}
    )
    assert as_admin.json()["caller"]["role"] == "practice_admin"
    as_default = await http.get("/v1/billing-summaries", headers=headers)
    assert as_default.json()["caller"]["role"] == "dentist"
    not_held = await http.get("/v1/billing-summaries", headers=headers | {ACTING_ROLE_HEADER: "auditor"})
    assert not_held.status_code == 403 and problem_type(not_held) == "role-not-held"
    bad = await http.get("/v1/billing-summaries", headers=headers | {ACTING_ROLE_HEADER: "king"})
    assert bad.status_code == 400


async def test_a_roster_role_that_does_not_fit_the_profession_is_refused(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    async with stack.practice(roster={"ehpad-nurse": [Role.DENTIST]}) as practice:
        response = await http.get("/v1/identities/abc", headers=await practice.headers("ehpad-nurse"))
    assert response.status_code == 403 and problem_type(response) == "role-mismatch"


async def test_a_token_without_the_scope_is_403(stack: Stack, http: httpx.AsyncClient) -> None:
    async with stack.practice(scopes="identities:read sandbox practices:write") as narrow:
        headers = await narrow.headers("dentist")
        assert (await http.get("/v1/identities/abc", headers=headers)).status_code == 200
        response = await http.post("/v1/identities", headers=headers, json={})
    assert response.status_code == 403 and problem_type(response) == "insufficient-scope"
    assert 'scope="identities:write"' in response.headers["www-authenticate"]


async def test_unknown_routes_methods_and_tricky_paths(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    assert (await http.get("/v1/nowhere", headers=headers)).status_code == 404
    assert problem_type(await http.get("/v1/nowhere")) == "not-found"
    not_allowed = await http.delete("/v1/identities", headers=headers)
    assert not_allowed.status_code == 405 and "POST" in not_allowed.headers["allow"]
    # `Allow` lists what the public document lists for the path, whoever serves it.
    for method, path, allowed in [
        ("OPTIONS", "/v1/identities", "GET, HEAD, POST"),
        ("TRACE", "/v1/identities/abc", "GET, HEAD"),
        ("PATCH", "/v1/patients/253072A07300443/documents", "GET, HEAD, POST"),  # the rule has PATCH
        ("GET", "/v1/sandbox/psc-tokens", "POST"),  # gateway routes too
        ("TRACE", "/v1/oauth/token", "POST"),
    ]:
        answer = await http.request(method, path, headers=headers)
        assert (answer.status_code, answer.headers.get("allow")) == (405, allowed), (method, path)
        assert problem_type(answer) == "method-not-allowed"
    for tricky in ("/v1/patients/x/%2e%2e/%2e%2e/identities/1", "/v1/identities/a%2Fb", "/v1/identities//x"):
        response = await http.get(tricky, headers=headers)
        assert response.status_code == 404, tricky


async def test_services_are_not_reachable_with_the_vendor_credentials_alone(
    stack: Stack, practice: SandboxPractice
) -> None:
    # The stub services, like the real ones, accept only the gateway's internal token.
    async with httpx.AsyncClient() as direct:
        response = await direct.get(
            f"{stack.settings.ins_url}/v1/identities/abc", headers=await practice.headers()
        )
    assert response.status_code == 401


async def test_bodies_stream_both_ways_intact(http: httpx.AsyncClient, practice: SandboxPractice) -> None:
    payload = uuid.uuid4().bytes * 40_000  # 640 kB, sent chunked
    headers = await practice.headers("dentist") | {"content-type": "application/octet-stream"}

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 50_000):
            yield payload[start : start + 50_000]

    up = await http.post(f"/v1/patients/{INS}/documents", headers=headers, content=chunks())
    assert up.status_code == 201
    assert up.json()["body_sha256"] == hashlib.sha256(payload).hexdigest()
    down = await http.get(f"/v1/patients/{INS}/documents/d/content?stub_bytes=3000000", headers=headers)
    assert down.status_code == 200 and len(down.content) == 3_000_000
    assert down.content[:3] == b"\x00\x00\x00" and down.content[-1] == (2_949_120 % 251)


async def test_an_oversized_body_is_413_declared_or_streamed(
    http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    declared = await http.post(f"/v1/patients/{INS}/documents", headers=headers, content=b"x" * 2_000_001)
    assert declared.status_code == 413 and problem_type(declared) == "payload-too-large"

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b"y" * 100_000

    streamed = await http.post(f"/v1/patients/{INS}/documents", headers=headers, content=endless())
    assert streamed.status_code == 413 and problem_type(streamed) == "payload-too-large"


async def test_a_slow_service_is_504(http: httpx.AsyncClient, practice: SandboxPractice) -> None:
    headers = await practice.headers("dentist")
    slow = await http.get("/v1/identities/abc?stub_delay=1.5", headers=headers)
    assert slow.status_code == 504 and problem_type(slow) == "upstream-timeout"


async def test_idempotent_calls_are_retried_and_others_are_not(
    stack: Stack, http: httpx.AsyncClient, practice: SandboxPractice
) -> None:
    headers = await practice.headers("dentist")
    marker = uuid.uuid4().hex
    failing_get = await http.get(f"/v1/identities/{marker}?stub_status=503", headers=headers)
    assert failing_get.status_code == 503
    assert len(stack.stubs["ins"].to(f"/v1/identities/{marker}")) == 3  # 1 + 2 retries
    failing_post = await http.post(f"/v1/identities/{marker}/insi-lookups?stub_status=503", headers=headers)
    assert failing_post.status_code == 503
    assert len(stack.stubs["ins"].to(f"/v1/identities/{marker}/insi-lookups")) == 1


async def test_the_rate_limit_is_per_client_with_retry_after(stack: Stack, http: httpx.AsyncClient) -> None:
    # Minting the professional's sandbox token is the first of the four calls allowed.
    async with stack.practice(rate_limit="4/minute", roster={}) as limited:
        headers = await limited.headers("dentist")
        answers = [await http.get("/v1/billing-summaries", headers=headers) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429 and problem_type(answers[3]) == "rate-limited"
    assert 1 <= int(answers[3].headers["retry-after"]) <= 60
