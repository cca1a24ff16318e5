"""A gateway in production shape: no sandbox, Pro Santé Connect keys from outside, a service down;
and a gateway whose circuit breakers are armed, which one client's bad requests cannot trip."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.values import Role
from gateway import admin, manage
from gateway.adapters.psc import StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional
from gateway.breaker import BreakerState
from gateway.domain.habilitations import Upstream
from gateway.main import build
from gateway.signing_keys import rotate
from gateway.testing import (
    KEYS,
    UPSTREAMS,
    Stack,
    context_of_app,
    free_port,
    gateway_settings,
    serve,
    stub_service,
)
from servicekit.testing import fresh_database

pytestmark = pytest.mark.integration
FORM = {"grant_type": "client_credentials"}
# (base url, database url, PSC issuer standing for the real one, port of the dead billing service)
Production = tuple[str, str, SandboxPscIssuer, int]


@pytest.fixture(scope="module")
async def production(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Production]:
    """(base url, database url, PSC issuer standing for the real one, port of the dead billing service)."""
    issuer = SandboxPscIssuer(stack.settings.psc_issuer, stack.settings.psc_audience)
    dead_port = free_port()
    keys_dir = tmp_path_factory.mktemp("production-keys")
    rotate(keys_dir)
    urls = {name: getattr(stack.settings, f"{name}_url") for name in ("ins", "vitale", "dmp", "telemed")}
    urls["billing"] = f"http://127.0.0.1:{dead_port}"
    async with fresh_database("gwprod") as url:
        settings = gateway_settings(
            url,
            urls,
            keys_dir,
            sandbox_enabled=False,
            breaker_minimum_calls=2,
            breaker_failure_ratio=1.0,
            breaker_reset_seconds=0.5,
        )
        async with serve(build(settings, psc_keys=StaticKeys(issuer.key_set))) as base_url:
            yield base_url, url, issuer, dead_port


async def headers_for(production: Production, label: str) -> dict[str, str]:
    base_url, url, issuer, _ = production

    async def setup(session: AsyncSession) -> str:
        secret = await admin.register_client(
            session, client_id=f"v-{label}", practices=["cab-prod"], scopes="*"
        )
        await admin.add_member(
            session, practice_id="cab-prod", rpps=sandbox_professional(label).rpps, roles=[Role.DENTIST]
        )
        return secret

    secret = await manage.in_transaction(url, setup, migrate=False)
    async with httpx.AsyncClient(base_url=base_url) as http:
        token = (await http.post("/v1/oauth/token", data=FORM, auth=(f"v-{label}", secret))).json()[
            "access_token"
        ]
    return {
        "Authorization": f"Bearer {token}",
        "X-Pro-Sante-Connect-Token": issuer.mint(
            sandbox_professional(label), client_id=f"v-{label}", lifetime=600
        ),
        "X-Practice-Id": "cab-prod",
    }


async def test_sandbox_routes_do_not_exist_without_sandbox_mode(production: Production) -> None:
    headers = await headers_for(production, "dentist")
    async with httpx.AsyncClient(base_url=production[0]) as http:
        first = await http.get("/v1/identities/a", headers=headers)
        assert first.status_code == 200, first.text
        for path in ("/v1/sandbox/psc-tokens", "/v1/sandbox/apcv-payloads"):
            response = await http.post(path, headers=headers, json={"professional": "dentist"})
            assert response.status_code == 404, path


async def test_a_failing_service_opens_its_circuit_then_recovers(production: Production) -> None:
    headers = await headers_for(production, "dentist-known")
    async with httpx.AsyncClient(base_url=production[0]) as http:
        answers = [await http.post("/v1/care-sheets", headers=headers, json={}) for _ in range(3)]
        # Unreachable twice (the service is down), then the open circuit answers at once: all 503s
        # telling the client when to retry.
        assert [answer.status_code for answer in answers] == [503, 503, 503]
        assert all(int(answer.headers["retry-after"]) >= 1 for answer in answers)
        assert "could not be reached" in answers[0].json()["detail"]
        paused = await http.post("/v1/care-sheets", headers=headers, json={})
        assert paused.json()["type"].endswith("/upstream-unavailable")
        assert int(paused.headers["retry-after"]) >= 1
        # Other services are unaffected by billing's circuit.
        assert (await http.get("/v1/identities/a", headers=headers)).status_code == 200
        app, _ = stub_service("billing", KEYS.public_pem)
        async with serve(app, production[3], lifespan="off"):
            await asyncio.sleep(0.6)
            assert (await http.post("/v1/care-sheets", headers=headers, json={})).status_code == 201
            assert (await http.post("/v1/care-sheets", headers=headers, json={})).status_code == 201


# --- the breaker measures a rate of upstream failures -------------------------------------------


@pytest.fixture(scope="module")
async def guarded(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """A gateway in front of the stack's stubs with its breakers armed: 10 calls in 30 s, half failed."""
    keys_dir = tmp_path_factory.mktemp("guarded-keys")
    rotate(keys_dir)
    urls = {name: getattr(stack.settings, f"{name}_url") for name in UPSTREAMS}
    async with fresh_database("gwbreaker") as url:
        settings = gateway_settings(
            url,
            urls,
            keys_dir,
            breaker_minimum_calls=10,
            breaker_failure_ratio=0.5,
            breaker_window_seconds=30.0,
            breaker_reset_seconds=30.0,
        )
        app = build(settings)
        async with serve(app) as base_url:
            yield Stack(base_url, url, settings, stack.stubs, keys_dir, app)


def kind(response: httpx.Response) -> str:
    return str(response.json()["type"]).rsplit("/", 1)[-1]


async def test_twenty_bad_requests_from_one_client_leave_the_other_clients_unaffected(guarded: Stack) -> None:
    """Text with a NUL character made the services answer 500 (PostgreSQL refused it): five in a row
    used to open the one circuit of the service, and every client got 503 for 30 s."""
    async with (
        guarded.practice() as careless,
        guarded.practice() as careful,
        httpx.AsyncClient(base_url=guarded.base_url, timeout=30.0) as http,
    ):
        bad = [
            await http.post(
                "/v1/identities",
                headers=await careless.headers("dentist"),
                json={"family_name": "DU\u0000PONT", "given_names": ["JEAN"]},
            )
            if n % 2 == 0
            else await http.post(
                "/v1/identities?stub_status=422", headers=await careless.headers("dentist"), json={}
            )
            for n in range(20)
        ]
        assert [(answer.status_code, kind(answer)) for answer in bad[::2]] == [(500, "internal-error")] * 10
        assert {answer.status_code for answer in bad[1::2]} == {422}
        circuit = context_of_app(guarded.app).forwarder.breaker(Upstream.INS)
        assert circuit.state is BreakerState.CLOSED and circuit.window() == (20, 0)
        others = [
            await http.get(f"/v1/identities/id-{n}", headers=await careful.headers("dentist"))
            for n in range(5)
        ]
        assert [answer.status_code for answer in others] == [200] * 5
        again = await http.get("/v1/identities/id-0", headers=await careless.headers("dentist"))
        assert again.status_code == 200  # and the careless client itself is not paused either


async def test_the_armed_breaker_does_open_when_the_service_cannot_answer(guarded: Stack) -> None:
    """The same gateway: a service behind a proxy answering 503 (not a problem of its own) is
    paused for every client once half the calls of the window failed."""
    async with (
        guarded.practice() as first,
        guarded.practice() as second,
        httpx.AsyncClient(base_url=guarded.base_url, timeout=30.0) as http,
    ):
        for _ in range(4):
            ok = await http.post("/v1/care-sheets", headers=await first.headers("dentist"), json={})
            assert ok.status_code == 201
        statuses = [
            (
                await http.post(
                    "/v1/care-sheets?stub_status=503", headers=await first.headers("dentist"), json={}
                )
            )
            for _ in range(6)
        ]
        # 4 successes, then failures: the 6th makes 6 of 10 and opens the circuit. All six are the
        # proxy's own answers (the stub's echo), none the gateway's pause.
        assert [(answer.status_code, answer.json()["upstream"]) for answer in statuses] == [
            (503, "billing")
        ] * 6
        paused = await http.post("/v1/care-sheets", headers=await second.headers("dentist"), json={})
        assert paused.status_code == 503 and kind(paused) == "upstream-unavailable"
        assert 1 <= int(paused.headers["retry-after"]) <= 30
        circuit = context_of_app(guarded.app).forwarder.breaker(Upstream.BILLING)
        assert circuit.state is BreakerState.OPEN
