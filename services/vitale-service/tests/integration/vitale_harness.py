"""Harness of vitale-service integration tests: apps on real PostgreSQL and Kafka with a movable clock."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from servicekit.testing import FrozenClock, GatewayKeys, caller, database_connection, running, unique_group
from vitale_service.adapters.adri import SandboxAdri
from vitale_service.adapters.issuer import SandboxApcvIssuer
from vitale_service.main import build
from vitale_service.settings import Settings
from vitale_service.wiring import vitale_of

KEYS = GatewayKeys.generate()
RPPS = "10001234567"


def settings_for(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "internal_token_public_key": KEYS.public_pem,
        "consumer_group_suffix": "-" + unique_group("t"),
        "outbox_safety_poll_seconds": 0.5,
        "expiry_sweep_seconds": 0.1,
        "adri_timeout_seconds": 0.2,
        "adri_max_attempts": 3,
        "adri_retry_base_seconds": 0.01,
    } | overrides
    return Settings(**values)


@dataclass
class Service:
    """One running app and what a test needs to drive it."""

    http: httpx.AsyncClient
    clock: FrozenClock
    adri: SandboxAdri
    issuer: SandboxApcvIssuer
    url: str
    app: FastAPI

    def headers(self, practice: str, *, rpps: str = RPPS, **kwargs: Any) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=practice, rpps=rpps, **kwargs))

    async def mint(self, practice: str, patient: str, **extra: Any) -> str:
        response = await self.http.post(
            "/v1/sandbox/apcv-payloads", json={"patient": patient, **extra}, headers=self.headers(practice)
        )
        assert response.status_code == 201, response.text
        payload: str = response.json()["payload"]
        return payload

    async def open(
        self, practice: str, payload: str, nir: str | None, *, mode: str = "qr", rpps: str = RPPS
    ) -> httpx.Response:
        body: dict[str, Any] = {"payload": payload, "reading_mode": mode}
        if nir is not None:
            body["beneficiary_nir"] = nir
        return await self.http.post("/v1/apcv-sessions", json=body, headers=self.headers(practice, rpps=rpps))


@asynccontextmanager
async def service_on(
    url: str,
    clock: FrozenClock,
    *,
    issuer: SandboxApcvIssuer | None = None,
    **overrides: Any,
) -> AsyncIterator[Service]:
    settings = settings_for(url, **overrides)
    adri = SandboxAdri()
    app: FastAPI = build(settings, clock=clock, adri=adri, issuer=issuer)
    async with running(app) as http:
        vitale = vitale_of(app.state.runtime)
        issuer = vitale.sandbox_issuer or SandboxApcvIssuer(issuer=settings.apcv_issuer)
        yield Service(http=http, clock=clock, adri=adri, issuer=issuer, url=url, app=app)


async def fetch_value(url: str, query: str, *args: Any) -> Any:
    async with database_connection(url) as connection:
        return await connection.fetchval(query, *args)


async def outbox_rows(url: str, practice: str) -> int:
    """Events queued for a practice, sent or not."""
    query = "SELECT count(*) FROM outbox_messages WHERE payload->'data'->>'practice_id' = $1"
    return int(await fetch_value(url, query, practice))
