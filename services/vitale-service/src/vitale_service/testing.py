"""Test harness of vitale-service: the in-memory store and contexts of the workflow unit tests, and apps
on real PostgreSQL and Kafka with a frozen clock for the integration tests."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from servicekit.clock import Clock
from servicekit.db import Database
from servicekit.settings import DEV_PSEUDONYM_SECRET, pem_or_path
from servicekit.testing import FrozenClock, GatewayKeys, caller, database_connection, running, unique_group
from servicekit.unit_of_work import UnitOfWorkFactory
from vitale_service.adapters.adri import AdriPort, SandboxAdri
from vitale_service.adapters.issuer import SandboxApcvIssuer, SandboxIssuerKeys
from vitale_service.context import VitaleContext
from vitale_service.domain import SessionRecord, SessionStatus
from vitale_service.main import build
from vitale_service.settings import Settings
from vitale_service.store import VitaleStore

KEYS = GatewayKeys.generate()
RPPS = "10001234567"
SOURCE = "/dentalink/vitale-service"

# --- workflow unit tests: no I/O ----------------------------------------------------------------

_FIRST_CREATED = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class InMemoryVitaleStore:
    """VitaleStore in dictionaries; `created_at` follows the order sessions were added."""

    sessions: dict[uuid.UUID, SessionRecord] = field(default_factory=dict)
    nonces: dict[tuple[str, str], datetime] = field(default_factory=dict)

    async def nonce_spent(self, issuer: str, nonce: str) -> bool:
        return (issuer, nonce) in self.nonces

    async def spend_nonce(self, issuer: str, nonce: str, keep_until: datetime) -> bool:
        if (issuer, nonce) in self.nonces:
            return False
        self.nonces[issuer, nonce] = keep_until
        return True

    async def purge_nonces(self, before: datetime) -> int:
        expired = [key for key, keep_until in self.nonces.items() if keep_until < before]
        for key in expired:
            del self.nonces[key]
        return len(expired)

    async def add(self, record: SessionRecord) -> None:
        if record.id in self.sessions:
            raise ValueError("duplicate session id")
        created_at = _FIRST_CREATED + timedelta(seconds=len(self.sessions))
        self.sessions[record.id] = replace(record, created_at=created_at)

    async def find(
        self, practice_id: str, session_id: uuid.UUID, *, for_update: bool = False
    ) -> SessionRecord | None:
        record = self.sessions.get(session_id)
        if record is None or record.session.practice_id != practice_id:
            return None
        return record

    async def save(self, record: SessionRecord) -> None:
        stored = self.sessions.get(record.id)
        if stored is None:
            raise LookupError("saving a session that was never stored")
        self.sessions[record.id] = replace(stored, session=record.session, state=record.state)

    async def claim_due(self, now: datetime, limit: int) -> list[SessionRecord]:
        due = [
            record
            for record in self.sessions.values()
            if record.state is SessionStatus.OPEN and record.session.expires_at <= now
        ]
        return sorted(due, key=lambda record: record.session.expires_at)[:limit]

    async def list_sessions(
        self,
        practice_id: str,
        *,
        status: SessionStatus | None,
        now: datetime,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[SessionRecord]:
        def position(record: SessionRecord) -> tuple[datetime, uuid.UUID]:
            assert record.created_at is not None
            return record.created_at, record.id

        found = sorted(
            (
                record
                for record in self.sessions.values()
                if record.session.practice_id == practice_id
                and (status is None or record.status_at(now) is status)
                and (after is None or position(record) > after)
            ),
            key=position,
        )
        return found[: limit + 1]


def unit_context(
    units_of_work: UnitOfWorkFactory[VitaleStore],
    *,
    clock: Clock,
    adri: AdriPort,
    issuer: SandboxApcvIssuer,
    sandbox: bool = True,
    **settings: Any,
) -> VitaleContext:
    """A context over in-memory units of work, trusting (and, with `sandbox`, minting with) `issuer`."""
    return VitaleContext(
        settings=Settings(**settings),
        units_of_work=units_of_work,
        source=SOURCE,
        pseudonym_secret=DEV_PSEUDONYM_SECRET.encode(),
        issuer_keys=SandboxIssuerKeys(issuer),
        adri=adri,
        clock=clock,
        sandbox_issuer=issuer if sandbox else None,
    )


# --- integration tests: real PostgreSQL and Kafka ------------------------------------------------


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

    @property
    def context(self) -> VitaleContext:
        """The context the running app's routes and jobs receive."""
        context: VitaleContext = self.app.state.runtime.context
        return context

    @property
    def database(self) -> Database:
        database: Database = self.app.state.runtime.database
        return database

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
    """A running app on the database at `url`; without `issuer`, one from the settings, as main.build
    makes it (a fresh key unless `sandbox_issuer_key` is given)."""
    settings = settings_for(url, **overrides)
    issuer = issuer or SandboxApcvIssuer(
        issuer=settings.apcv_issuer,
        current_pem=pem_or_path(settings.sandbox_issuer_key),
        previous_pem=pem_or_path(settings.sandbox_issuer_previous_key),
    )
    adri = SandboxAdri()
    app: FastAPI = build(settings, clock=clock, adri=adri, issuer=issuer)
    async with running(app) as http:
        yield Service(http=http, clock=clock, adri=adri, issuer=issuer, url=url, app=app)


async def fetch_value(url: str, query: str, *args: Any) -> Any:
    async with database_connection(url) as connection:
        return await connection.fetchval(query, *args)


async def outbox_rows(url: str, practice: str) -> int:
    """Events queued for a practice, sent or not."""
    query = "SELECT count(*) FROM outbox_messages WHERE payload->'data'->>'practice_id' = $1"
    return int(await fetch_value(url, query, practice))
