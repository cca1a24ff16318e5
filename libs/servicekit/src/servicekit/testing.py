"""Helpers for service tests against the real PostgreSQL and Kafka started by deploy/local."""

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from joserfc.jwk import ECKey
from sqlalchemy.engine import make_url

from dentalink_contracts.envelope import Envelope, from_kafka, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.topics import namespaced
from dentalink_contracts.values import PracticeId, Profession, Role
from servicekit.auth import INTERNAL_TOKEN_HEADER, CallerContext, Professional, mint_internal_token
from servicekit.settings import LOCAL_DATABASE_URL, LOCAL_KAFKA, topic_namespace


def admin_database_url() -> str:
    return os.environ.get("DATABASE_URL") or LOCAL_DATABASE_URL


def topic(event: type[DomainEvent]) -> str:
    """The event's topic in this test run's namespace (DENTALINK_TOPIC_NAMESPACE)."""
    return namespaced(event.topic, topic_namespace())


def kafka_bootstrap() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or LOCAL_KAFKA


def _asyncpg_dsn(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(label: str) -> AsyncIterator[str]:
    """A new, empty database for one test scope; dropped afterwards. Yields its SQLAlchemy URL."""
    name = f"test_{label}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_asyncpg_dsn(admin_database_url(), "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield (
            make_url(admin_database_url())
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(admin_database_url(), "postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@dataclass
class MovableClock:
    """Real time plus an offset: hand it to the app as its clock, then move `offset` forward instead of
    sleeping. An app shared by several tests needs the offset put back (`timedelta()`) afterwards."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FrozenClock:
    """Time that stands still until the test moves it: for exact window edges (29:59 open, 30:00 not)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@asynccontextmanager
async def database_connection(url: str) -> AsyncIterator[Any]:
    """A plain asyncpg connection to a service's database (its SQLAlchemy URL), to look under the API."""
    connection = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        yield connection
    finally:
        await connection.close()


def unique_group(label: str) -> str:
    """A consumer group / topic suffix unique to one test run, so runs never see each other's offsets."""
    return f"{label}-{uuid.uuid4().hex[:8]}"


@dataclass
class GatewayKeys:
    """A throwaway gateway key pair: tests mint internal tokens, services get the public half."""

    private: ECKey

    @classmethod
    def generate(cls) -> "GatewayKeys":
        return cls(ECKey.generate_key("P-256", parameters={"kid": "test-gateway"}, private=True))

    @property
    def public_pem(self) -> str:
        return self.private.as_pem(private=False).decode()

    def headers(
        self, caller: CallerContext, *, lifetime: int = 60, now: float | None = None
    ) -> dict[str, str]:
        token = mint_internal_token(self.private, caller, lifetime=lifetime, now=now)
        return {INTERNAL_TOKEN_HEADER: token}


def caller(
    *,
    practice_id: PracticeId = "cabinet-test",
    rpps: str = "10001234567",
    role: Role = Role.DENTIST,
    profession: Profession = Profession.DENTIST,
    specialty: str | None = None,
    finess: str | None = None,
    client_id: str = "vendor-test",
) -> CallerContext:
    return CallerContext(
        client_id=client_id,
        practice_id=practice_id,
        role=role,
        professional=Professional(
            rpps=rpps, profession=profession, specialty=specialty, establishment_finess=finess
        ),
    )


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (migrations, Kafka, consumers) and hand an HTTP client bound to it."""
    async with LifespanManager(app, startup_timeout=90, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
            yield client


async def eventually(check: Callable[[], object], *, timeout: float = 20.0, interval: float = 0.1) -> None:
    """Retry an async or sync check until it stops raising AssertionError (no fixed sleeps)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            result = check()
            if asyncio.iscoroutine(result):
                await result
            return
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(interval)


async def send_event(
    event: DomainEvent, *, key: str, event_id: uuid.UUID | None = None, source: str = "/dentalink/tests"
) -> uuid.UUID:
    """Put one event on its topic as a producing service would (CloudEvents binary mode)."""
    envelope = Envelope.wrap(event, id=event_id or uuid.uuid4(), source=source, key=key)
    message_key, value, headers = to_kafka(envelope)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic(type(event)), value=value, key=message_key, headers=headers)
    finally:
        await producer.stop()
    return envelope.id


class EventProbe:
    """Reads a topic from the beginning and keeps the events a predicate selects.

    Tests give each run its own practice id and select on it, so events of other runs don't count.
    """

    def __init__(self, event: type[DomainEvent], select: Callable[[Any], bool]) -> None:
        self.event = event
        self.select = select
        self.seen: list[Any] = []
        self.envelopes: list[Envelope] = []
        self._consumer = AIOKafkaConsumer(
            topic(event),
            bootstrap_servers=kafka_bootstrap(),
            group_id=unique_group("probe"),
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "EventProbe":
        await self._consumer.start()
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()

    async def _read(self) -> None:
        async for record in self._consumer:
            envelope = from_kafka(record.key, record.value, list(record.headers))
            if envelope.type != self.event.event_type:
                continue
            payload = self.event.model_validate(envelope.data)
            if self.select(payload):
                self.seen.append(payload)
                self.envelopes.append(envelope)

    async def wait_for(self, count: int, *, timeout: float = 20.0) -> list[Any]:
        """Wait until at least `count` selected events arrived; returns them all."""

        def enough() -> None:
            assert len(self.seen) >= count, f"{len(self.seen)} of {count} {self.event.__name__} events"

        await eventually(enough, timeout=timeout)
        return list(self.seen)

    async def settle(self, seconds: float = 1.5) -> list[Any]:
        """Give late duplicates a chance to show up, then return what was seen."""
        await asyncio.sleep(seconds)
        return list(self.seen)


# --- Through the public API (e2e): the gateway of a running stack -------------------------------

PROBLEM = "application/problem+json"
GATEWAY = os.environ.get("DENTALINK_GATEWAY_URL", "http://127.0.0.1:8000")


async def until(
    fetch: Callable[[], Awaitable[Any]],
    accept: Callable[[Any], bool],
    *,
    timeout: float = 30.0,
    what: str = "condition",
) -> Any:
    """Poll `fetch` until `accept` holds (events cross services asynchronously); never a fixed sleep."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: Any = None
    while asyncio.get_running_loop().time() < deadline:
        last = await fetch()
        if accept(last):
            return last
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last: {describe(last)}")


def describe(value: Any) -> str:
    if isinstance(value, httpx.Response):
        return f"{value.status_code} {value.text[:500]}"
    return repr(value)[:500]


def expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, describe(response)
    return (
        response.json() if response.content and "json" in response.headers.get("content-type", "") else None
    )


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, describe(response)
    assert response.headers["content-type"].startswith(PROBLEM), describe(response)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://dentalink.fr/problems/")
    assert "Traceback" not in response.text
    return body


def key() -> str:
    return str(uuid.uuid4())
