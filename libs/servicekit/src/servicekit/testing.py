"""Helpers for service tests against the real PostgreSQL and Kafka started by deploy/local."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from joserfc.jwk import ECKey
from sqlalchemy.engine import make_url

from dentalink_contracts.values import PracticeId, Profession, Role
from servicekit.auth import INTERNAL_TOKEN_HEADER, CallerContext, Professional, mint_internal_token
from servicekit.settings import LOCAL_DATABASE_URL, LOCAL_KAFKA


def admin_database_url() -> str:
    return os.environ.get("DATABASE_URL") or LOCAL_DATABASE_URL


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
