"""Test harness of the gateway: an in-memory store and contexts for the workflow unit tests (no I/O),
and, for the integration tests, stub upstream services on real sockets and a server runner."""

import asyncio
import contextlib
import hashlib
import uuid
from collections.abc import AsyncIterator, Generator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from dentalink_contracts.values import Role
from gateway.access_tokens import AccessTokens
from gateway.adapters.psc import PscVerifier, StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.audit_outcomes import AuditOutcomes
from gateway.context import GatewayContext, internal_tokens_of
from gateway.domain.audit import AuditOutcome, AuditQuery, AuditRecord
from gateway.domain.calls import Standing, known_roles
from gateway.domain.idempotency import KeyRecord, KeyState, StoredAnswer, StoredKey
from gateway.domain.roster import Member, MemberExists
from gateway.forwarding import Forwarder
from gateway.main import build
from gateway.ratelimit import RateLimiter
from gateway.sandbox_client import SandboxPractice
from gateway.settings import Settings
from gateway.signing_keys import KeyRing, rotate
from gateway.store import RegisteredClient
from servicekit.auth import Caller, InternalTokenVerifier
from servicekit.clock import Clock, system_clock
from servicekit.fakes import InMemoryUnits
from servicekit.problems import install_problem_handlers, problem_response
from servicekit.sandbox_reset import RESET_PATH
from servicekit.testing import GatewayKeys, free_port, fresh_database

# --- workflow unit tests: no I/O ----------------------------------------------------------------


@dataclass
class InMemoryGatewayStore:
    """GatewayStore in dictionaries, with the selections and orders of the SQL store."""

    clients: dict[str, RegisteredClient] = field(default_factory=dict)
    rate_limits: dict[str, str] = field(default_factory=dict)
    practices: set[tuple[str, str]] = field(default_factory=set)
    members_by_key: dict[tuple[str, str], Member] = field(default_factory=dict)
    audit: dict[uuid.UUID, AuditRecord] = field(default_factory=dict)
    keys: dict[tuple[str, str], KeyRecord] = field(default_factory=dict)

    def register(
        self, client: RegisteredClient, *practices: str, rate_limit: str | None = None
    ) -> RegisteredClient:
        """Seed a client and the practices it acts for."""
        self.clients[client.client_id] = client
        if rate_limit is not None:
            self.rate_limits[client.client_id] = rate_limit
        self.practices |= {(client.client_id, practice) for practice in practices}
        return client

    def seat(self, practice_id: str, rpps: str, *roles: Role, at: datetime) -> Member:
        """Seed a roster member."""
        member = Member(practice_id, rpps, tuple(sorted(role.value for role in roles)), at, at, "manage")
        self.members_by_key[practice_id, rpps] = member
        return member

    async def client(self, client_id: str) -> RegisteredClient | None:
        return self.clients.get(client_id)

    async def standing(self, client_id: str, practice_id: str | None, rpps: str | None) -> Standing | None:
        client = self.clients.get(client_id)
        if client is None:
            return None
        member = self.members_by_key.get((practice_id or "", rpps or ""))
        return Standing(
            client.disabled,
            self.rate_limits.get(client_id),
            (client_id, practice_id or "") in self.practices,
            known_roles(list(member.roles) if member else None),
        )

    async def members(
        self, practice_id: str, *, after: tuple[datetime, str] | None, limit: int
    ) -> list[Member]:
        found = sorted(
            (m for m in self.members_by_key.values() if m.practice_id == practice_id),
            key=lambda m: (m.created_at, m.rpps),
        )
        if after is not None:
            found = [m for m in found if (m.created_at, m.rpps) > after]
        return found[:limit]

    async def member(self, practice_id: str, rpps: str, *, for_update: bool = False) -> Member | None:
        return self.members_by_key.get((practice_id, rpps))

    async def add_member(self, member: Member) -> None:
        if (member.practice_id, member.rpps) in self.members_by_key:
            raise MemberExists()
        self.members_by_key[member.practice_id, member.rpps] = member

    async def update_member(self, member: Member) -> None:
        if (member.practice_id, member.rpps) in self.members_by_key:
            self.members_by_key[member.practice_id, member.rpps] = member

    async def remove_member(self, practice_id: str, rpps: str) -> None:
        self.members_by_key.pop((practice_id, rpps), None)

    async def admins(self, practice_id: str) -> set[str]:
        return {m.rpps for m in self.members_by_key.values() if m.practice_id == practice_id and m.is_admin}

    async def add_audit_record(self, record: AuditRecord) -> None:
        self.audit[record.id] = record

    async def complete_audit_records(self, outcomes: Sequence[AuditOutcome]) -> None:
        for done in outcomes:
            record = self.audit.get(done.record_id)
            if record is None or record.status is not None:
                continue
            self.audit[done.record_id] = replace(
                record,
                status=done.status,
                outcome=done.outcome,
                completed_at=done.completed_at,
                resource_id=record.resource_id or done.resource_id,
            )

    async def audit_records(
        self, practice_id: str, query: AuditQuery, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[AuditRecord]:
        found = sorted(
            (r for r in self.audit.values() if r.practice_id == practice_id and query.matches(r)),
            key=lambda r: (r.created_at, r.id),
        )
        if after is not None:
            found = [r for r in found if (r.created_at, r.id) > after]
        return found[:limit]

    async def insert_key(self, record: KeyRecord, created_at: datetime) -> bool:
        if (record.client_id, record.key) in self.keys:
            return False
        self.keys[record.client_id, record.key] = record
        return True

    async def locked_key(self, client_id: str, key: str) -> KeyRecord:
        return self.keys[client_id, key]

    async def retake_key(self, client_id: str, key: str, stored: StoredKey) -> None:
        self.keys[client_id, key] = KeyRecord(client_id, key, stored)

    def _in_flight(self, client_id: str, key: str, locked_until: datetime) -> KeyRecord | None:
        record = self.keys.get((client_id, key))
        if record is None or record.stored.state is not KeyState.IN_FLIGHT:
            return None
        return record if record.stored.locked_until == locked_until else None

    async def keep_answer(
        self, client_id: str, key: str, locked_until: datetime, answer: StoredAnswer
    ) -> None:
        record = self._in_flight(client_id, key, locked_until)
        if record is not None:
            completed = replace(record.stored, state=KeyState.COMPLETED)
            self.keys[client_id, key] = KeyRecord(client_id, key, completed, answer)

    async def release_key(self, client_id: str, key: str, locked_until: datetime) -> None:
        if self._in_flight(client_id, key, locked_until) is not None:
            del self.keys[client_id, key]

    async def release_keys_held_by(self, holder: str) -> int:
        held = [
            name
            for name, r in self.keys.items()
            if r.stored.holder == holder and r.stored.state is KeyState.IN_FLIGHT
        ]
        for name in held:
            del self.keys[name]
        return len(held)

    async def purge_keys(self, expired_before: datetime) -> None:
        for name in [name for name, r in self.keys.items() if r.stored.expires_at < expired_before]:
            del self.keys[name]


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a workflow unit test reached the network: {request.method} {request.url}")


def workflow_context(
    units: InMemoryUnits[InMemoryGatewayStore],
    *,
    settings: Settings | None = None,
    clock: Clock = system_clock,
    issuer: SandboxPscIssuer | None = None,
) -> GatewayContext:
    """A context over in-memory units of work: in-process keys and rate limiter, no network."""
    settings = settings or Settings(internal_token_private_key=KEYS.private.as_pem(private=True).decode())
    ring = KeyRing.ephemeral()
    issuer = issuer or SandboxPscIssuer(settings.psc_issuer, settings.psc_audience)
    return GatewayContext(
        settings=settings,
        units_of_work=units.factory,
        forwarder=Forwarder(httpx.AsyncClient(transport=httpx.MockTransport(_no_network)), {}),
        ring=ring,
        tokens=AccessTokens(
            ring,
            settings.issuer,
            settings.access_token_audience,
            settings.access_token_lifetime_seconds,
        ),
        psc=PscVerifier(
            StaticKeys(issuer.key_set),
            settings.psc_issuer,
            settings.psc_audience,
            settings.psc_leeway_seconds,
            settings.psc_max_token_lifetime_seconds,
        ),
        internal_tokens=internal_tokens_of(settings, KEYS.private),
        limiter=RateLimiter(),
        # No background writer: a test flushes the outcomes it wants to see.
        audit_outcomes=AuditOutcomes(units.factory),
        clock=clock,
        sandbox_psc=issuer,
    )


def context_of_app(app: FastAPI) -> GatewayContext:
    """The context of a running gateway app (to act as one of its jobs would)."""
    context: GatewayContext = app.state.runtime.context
    return context


# --- integration tests: real sockets, PostgreSQL and Kafka --------------------------------------

KEYS = GatewayKeys.generate()
MAX_BODY = 2_000_000  # small, so 413 is cheap to reach


UPSTREAMS = ("ins", "vitale", "dmp", "telemed", "billing", "webhook")
RECORDED_HEADERS = (
    "authorization",
    "x-pro-sante-connect-token",
    "x-practice-id",
    "x-request-id",
    "traceparent",
    "idempotency-key",
    "cookie",
    "content-type",
    "x-forwarded-for",
)


@dataclass
class StubCalls:
    """What one stub service received."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def to(self, path: str) -> list[dict[str, Any]]:
        return [call for call in self.calls if call["path"] == path]


def stub_service(name: str, public_pem: str) -> tuple[FastAPI, StubCalls]:
    """A service that accepts only the gateway's internal token and echoes what it received.

    Query parameters drive it: `stub_status`, `stub_delay` (seconds), `stub_bytes` (a streamed body),
    `stub_broken` (a body that declares that many bytes and breaks off after 10).
    A JSON body with a NUL character (`\\u0000`) gets a 500 `internal-error` problem, as the services
    answered when PostgreSQL refused such text.
    """
    app = FastAPI()
    app.state.token_verifier = InternalTokenVerifier(
        public_pem, issuer="dentalink-gateway", audience="dentalink-services"
    )
    install_problem_handlers(app)
    record = StubCalls()

    @app.post(RESET_PATH)
    async def reset(practice_id: str, request: Request, caller: Caller) -> Response:
        """The sandbox reset every service serves (servicekit.sandbox_reset): recorded, one row each."""
        record.calls.append(
            {
                "upstream": name,
                "method": request.method,
                "path": request.url.path,
                "headers": {h: request.headers[h] for h in RECORDED_HEADERS if h in request.headers},
                "caller": caller.model_dump(mode="json"),
            }
        )
        return JSONResponse(
            {"service": f"{name}-service", "practice_id": practice_id, "deleted": {f"{name}_rows": 1}}
        )

    @app.api_route("/v1/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(path: str, request: Request, caller: Caller) -> Response:
        digest, size, nul = hashlib.sha256(), 0, False
        async for chunk in request.stream():
            digest.update(chunk)
            size += len(chunk)
            nul = nul or b"\\u0000" in chunk
        query = request.query_params
        call = {
            "upstream": name,
            "method": request.method,
            "path": request.url.path,
            "query": str(request.url.query),
            "headers": {h: request.headers[h] for h in RECORDED_HEADERS if h in request.headers},
            "caller": caller.model_dump(mode="json"),
            "body_sha256": digest.hexdigest(),
            "body_size": size,
        }
        record.calls.append(call)
        if nul:
            return problem_response(500, "internal-error", "An unexpected error occurred.")
        if "stub_delay" in query:
            await asyncio.sleep(float(query["stub_delay"]))
        status = int(query.get("stub_status", 201 if request.method == "POST" else 200))
        if "stub_broken" in query:
            declared = query["stub_broken"]

            async def broken() -> AsyncIterator[bytes]:
                yield b"0123456789"
                raise ConnectionAbortedError("the stub breaks its answer off")

            return StreamingResponse(broken(), status_code=status, headers={"content-length": declared})
        if "stub_bytes" in query:
            total = int(query["stub_bytes"])

            async def chunks() -> AsyncIterator[bytes]:
                sent = 0
                while sent < total:
                    piece = min(65536, total - sent)
                    yield bytes([sent % 251]) * piece
                    sent += piece

            return StreamingResponse(chunks(), status_code=status, media_type="application/octet-stream")
        body = {"id": str(uuid.uuid4()), **call}
        return JSONResponse(body, status_code=status, headers={"X-Request-Id": "from-upstream"})

    return app, record


class _InLoopServer(uvicorn.Server):
    """A server sharing the test's event loop: the test runner keeps its own signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@asynccontextmanager
async def serve(
    app: Any, port: int | None = None, *, lifespan: Literal["auto", "on", "off"] = "on"
) -> AsyncIterator[str]:
    """Run an ASGI app on a real socket in this event loop; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan=lifespan, log_level="warning", access_log=False
    )
    server = _InLoopServer(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(900):
            if server.started or task.done():
                break
            await asyncio.sleep(0.1)
        if not server.started:
            raise RuntimeError("server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=30)


def gateway_settings(database_url: str, urls: dict[str, str], keys_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "internal_token_private_key": KEYS.private.as_pem(private=True).decode(),
        "access_token_keys_dir": str(keys_dir),
        **{f"{name}_url": url for name, url in urls.items()},
        "upstream_read_timeout": 1.0,
        "upstream_retries": 2,
        "upstream_retry_backoff_seconds": 0.01,
        # The shared stack's stubs fail on demand (stub_status): its breakers never open.
        "breaker_minimum_calls": 1_000_000,
        "max_body_bytes": MAX_BODY,
        "rate_limit": "10000/minute",
    }
    return Settings(**(values | overrides))


@dataclass
class Stack:
    """A gateway on a real socket and a fresh PostgreSQL database, in front of five stub services."""

    base_url: str
    database_url: str
    settings: Settings
    stubs: dict[str, StubCalls]
    keys_dir: Path
    app: FastAPI

    @asynccontextmanager
    async def practice(self, **kwargs: Any) -> AsyncIterator[SandboxPractice]:
        """A new sandbox practice on this gateway (its client, roster and tokens)."""
        async with SandboxPractice.open(self.base_url, database_url=self.database_url, **kwargs) as practice:
            yield practice


@asynccontextmanager
async def running_stack(keys_dir: Path) -> AsyncIterator[Stack]:
    """Start the stub services and the gateway (access-token keys in `keys_dir`); stop them after."""
    async with AsyncExitStack() as exits:
        stubs, urls = {}, {}
        for name in UPSTREAMS:
            app, calls = stub_service(name, KEYS.public_pem)
            stubs[name] = calls
            urls[name] = await exits.enter_async_context(serve(app, lifespan="off"))
        database_url = await exits.enter_async_context(fresh_database("gateway"))
        rotate(keys_dir)
        settings = gateway_settings(database_url, urls, keys_dir)
        gateway = build(settings)
        base_url = await exits.enter_async_context(serve(gateway))
        yield Stack(base_url, database_url, settings, stubs, keys_dir, gateway)
