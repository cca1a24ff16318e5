"""A gateway in production shape: no sandbox, Pro Santé Connect keys from outside, a service down."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.values import Role
from gateway import admin, manage
from gateway.adapters.psc import StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional
from gateway.main import build
from gateway.signing_keys import rotate
from gateway.testing import KEYS, Stack, free_port, gateway_settings, serve, stub_service
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
            url, urls, keys_dir, sandbox_enabled=False, breaker_failure_threshold=2, breaker_reset_seconds=0.5
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
        "X-Pro-Sante-Connect-Token": issuer.mint(sandbox_professional(label), lifetime=600),
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
        statuses = [
            (await http.post("/v1/care-sheets", headers=headers, json={})).status_code for _ in range(3)
        ]
        assert statuses == [502, 502, 503]
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
