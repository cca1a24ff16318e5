"""Test harness of webhook-service: the in-memory store, resolver and sender of the workflow unit
tests; apps on real PostgreSQL and Kafka with a movable clock and compressed back-off, and a loopback
receiver (http.server in a thread) that records what it gets, for the integration tests."""

import ipaddress
import json
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI

from dentalink_contracts.values import Role
from servicekit.clock import Clock
from servicekit.pagination import decode_uuid_cursor
from servicekit.testing import GatewayKeys, MovableClock, caller, running, unique_group
from servicekit.unit_of_work import UnitOfWorkFactory
from webhook_service.context import WebhookContext
from webhook_service.domain import ClaimedDelivery, Delivery, DeliveryStatus, Endpoint, WebhookEventType
from webhook_service.domain.targets import Address
from webhook_service.main import build
from webhook_service.settings import Settings
from webhook_service.store import WebhookStore

KEYS = GatewayKeys.generate()
RPPS = "10001234567"
SOURCE = "/dentalink/webhook-service"
R = TypeVar("R", Endpoint, Delivery)

# --- workflow unit tests: no I/O ----------------------------------------------------------------


@dataclass
class InMemoryWebhookStore:
    """WebhookStore in dictionaries; lists in (created_at, id) order as the SQL store."""

    endpoints: dict[uuid.UUID, Endpoint] = field(default_factory=dict)
    deliveries: dict[uuid.UUID, Delivery] = field(default_factory=dict)

    async def add_endpoint(self, endpoint: Endpoint) -> None:
        self.endpoints[endpoint.id] = endpoint

    async def count_endpoints(self, practice_id: str) -> int:
        return sum(1 for endpoint in self.endpoints.values() if endpoint.practice_id == practice_id)

    async def find_endpoint(
        self, practice_id: str | None, endpoint_id: uuid.UUID, *, for_update: bool = False
    ) -> Endpoint | None:
        found = self.endpoints.get(endpoint_id)
        if found is None or (practice_id is not None and found.practice_id != practice_id):
            return None
        return found

    async def save_endpoint(self, endpoint: Endpoint) -> None:
        self.endpoints[endpoint.id] = endpoint

    async def delete_endpoint(self, practice_id: str, endpoint_id: uuid.UUID) -> bool:
        if await self.find_endpoint(practice_id, endpoint_id) is None:
            return False
        del self.endpoints[endpoint_id]
        for delivery in [d for d in self.deliveries.values() if d.endpoint_id == endpoint_id]:
            del self.deliveries[delivery.id]
        return True

    async def list_endpoints(self, practice_id: str, *, limit: int, cursor: str | None) -> list[Endpoint]:
        return _page([e for e in self.endpoints.values() if e.practice_id == practice_id], limit, cursor)

    async def subscribed(self, practice_id: str, event_type: WebhookEventType) -> list[Endpoint]:
        return [
            e
            for e in self.endpoints.values()
            if e.practice_id == practice_id and e.enabled and event_type in e.event_types
        ]

    async def add_deliveries(self, deliveries: list[Delivery]) -> int:
        taken = {(d.message_id, d.endpoint_id) for d in self.deliveries.values()}
        added = 0
        for delivery in deliveries:
            if (delivery.message_id, delivery.endpoint_id) not in taken:
                self.deliveries[delivery.id] = delivery
                added += 1
        return added

    async def find_delivery(
        self, endpoint_id: uuid.UUID, delivery_id: uuid.UUID, *, for_update: bool = False
    ) -> Delivery | None:
        found = self.deliveries.get(delivery_id)
        return found if found is not None and found.endpoint_id == endpoint_id else None

    async def save_delivery(self, delivery: Delivery) -> None:
        self.deliveries[delivery.id] = delivery

    async def list_deliveries(
        self, endpoint_id: uuid.UUID, *, limit: int, cursor: str | None
    ) -> list[Delivery]:
        return _page([d for d in self.deliveries.values() if d.endpoint_id == endpoint_id], limit, cursor)

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[ClaimedDelivery]:
        due = sorted(
            (
                d
                for d in self.deliveries.values()
                if d.status is DeliveryStatus.PENDING
                and d.next_attempt_at is not None
                and d.next_attempt_at <= now
                and self.endpoints[d.endpoint_id].enabled
            ),
            key=lambda d: d.next_attempt_at or now,
        )[:limit]
        claimed = []
        for delivery in due:
            self.deliveries[delivery.id] = replace(delivery, next_attempt_at=lease_until)
            endpoint = self.endpoints[delivery.endpoint_id]
            claimed.append(ClaimedDelivery(delivery, endpoint.url, endpoint.signing_secrets(now)))
        return claimed


def _page(rows: list[R], limit: int, cursor: str | None) -> list[R]:
    """Up to limit+1 rows in (created_at, id) order after the cursor's, as servicekit's `paged` reads it."""
    after = None if cursor is None else decode_uuid_cursor(cursor)
    found = sorted(rows, key=lambda row: (row.created_at, row.id))
    return [row for row in found if after is None or (row.created_at, row.id) > after][: limit + 1]


@dataclass
class FixedResolver:
    """Every host resolves to `addresses`; `asked` records the hosts looked up."""

    addresses: list[Address] = field(default_factory=lambda: [ipaddress.ip_address("127.0.0.1")])
    asked: list[str] = field(default_factory=list)

    async def resolve(self, host: str, port: int) -> list[Address]:
        self.asked.append(host)
        return list(self.addresses)


@dataclass
class ScriptedSender:
    """Answers each POST with `outcome` and records it."""

    outcome: int | str = 204
    sent: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    connected_to: list[Address] = field(default_factory=list)

    async def post(self, url: str, body: str, headers: dict[str, str], address: Address) -> int | str:
        self.sent.append((url, body, headers))
        self.connected_to.append(address)
        return self.outcome


def unit_context(
    units_of_work: UnitOfWorkFactory[WebhookStore],
    *,
    clock: Clock,
    resolver: FixedResolver | None = None,
    sender: ScriptedSender | None = None,
    **settings: Any,
) -> WebhookContext:
    """A context over in-memory units of work, a fixed resolver and a scripted sender."""
    return WebhookContext(
        settings=Settings(**settings),
        units_of_work=units_of_work,
        source=SOURCE,
        resolver=resolver or FixedResolver(),
        sender=sender or ScriptedSender(),
        clock=clock,
    )


# --- integration tests: real PostgreSQL and Kafka ------------------------------------------------


def settings_for(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "internal_token_public_key": KEYS.public_pem,
        "consumer_group_suffix": "-" + unique_group("t"),
        "outbox_safety_poll_seconds": 0.5,
        "delivery_sweep_seconds": 0.1,
        "delivery_connect_timeout_seconds": 1.0,
        "delivery_timeout_seconds": 2.0,
        "retry_base_seconds": 0.1,
        "retry_cap_seconds": 0.5,
        "retry_window_seconds": 30.0,
    } | overrides
    return Settings(**values)


@dataclass
class Service:
    """One running app and what a test needs to drive it."""

    http: httpx.AsyncClient
    clock: MovableClock
    url: str
    app: FastAPI

    @property
    def context(self) -> WebhookContext:
        context: WebhookContext = self.app.state.runtime.context
        return context

    def headers(self, practice: str, *, role: Role = Role.PRACTICE_ADMIN) -> dict[str, str]:
        return KEYS.headers(caller(practice_id=practice, rpps=RPPS, role=role))

    async def register(self, practice: str, url: str, event_types: list[str], **extra: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/v1/webhook-endpoints",
            json={"url": url, "event_types": event_types, **extra},
            headers=self.headers(practice),
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def deliveries(self, practice: str, endpoint_id: str) -> list[dict[str, Any]]:
        response = await self.http.get(
            f"/v1/webhook-endpoints/{endpoint_id}/deliveries", headers=self.headers(practice)
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@asynccontextmanager
async def service_on(
    url: str, clock: MovableClock, *, resolver: FixedResolver | None = None, **overrides: Any
) -> AsyncIterator[Service]:
    app = build(settings_for(url, **overrides), clock=clock, resolver=resolver)
    async with running(app) as http:
        yield Service(http=http, clock=clock, url=url, app=app)


@dataclass(frozen=True)
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook receiver on loopback: records every POST and answers `status`. `stop()` closes its
    socket (connections are refused, as for a receiver that is down); `start()` listens again on the
    same port."""

    port: int = 0
    status: int = 204
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(self.path, {key.lower(): value for key, value in self.headers.items()}, body)
                )
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:  # quiet: the tests read `received`
                return

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="receiver")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def of_type(self, kind: str) -> list[Received]:
        return [one for one in self.received if json.loads(one.body)["type"] == kind]
