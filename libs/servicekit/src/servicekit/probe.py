"""A minimal service built only from servicekit, used by servicekit's own tests of the plumbing on
real Kafka and PostgreSQL (not by services).

`sender` writes a ping through the outbox in its request transaction; `receiver` consumes pings and
counts each one's effect. Each test run gets its own topic, so runs never see each other's events.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI
from opentelemetry import trace
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events.base import DomainEvent
from servicekit import (
    Kit,
    ProblemError,
    ServiceSettings,
    ServiceSpec,
    Session,
    Subscription,
    context_of,
    create_app,
    publish,
)
from servicekit.admin import worker_name

MIGRATIONS = Path(__file__).parent / "probe_migrations"


class PingBase(DomainEvent):
    ping_id: str
    poison: bool = False


def ping_event(run: str) -> type[PingBase]:
    """A ping event class whose topic and type are unique to this test run."""
    return type(
        f"Ping_{run.replace('-', '_')}",
        (PingBase,),
        {"event_type": f"fr.dentalink.test.ping-{run}.v1", "topic": f"test.ping-{run}.v1"},
    )


@dataclass(frozen=True)
class ProbeContext:
    """The probe's collaborators: only the CloudEvents source."""

    source: str


def probe_context(kit: Kit) -> ProbeContext:
    return ProbeContext(source=kit.source)


Context = Annotated[ProbeContext, Depends(context_of)]


class PingRequest(BaseModel):
    ping_id: str
    key: str = "pk_00000000000000000000000000000000"
    poison: bool = False
    roll_back: bool = False


def sender_router(event: type[PingBase]) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/pings", status_code=201)
    async def send_ping(body: PingRequest, session: Session, context: Context) -> dict[str, str]:
        await publish(
            session, event(ping_id=body.ping_id, poison=body.poison), key=body.key, source=context.source
        )
        if body.roll_back:
            raise ProblemError(409, "probe-rollback", "Rolled back on purpose.")
        trace_id = f"{trace.get_current_span().get_span_context().trace_id:032x}"
        return {"trace_id": trace_id}

    return router


def sender_app(settings: ServiceSettings, event: type[PingBase]) -> FastAPI:
    router = sender_router(event)

    return create_app(
        ServiceSpec(
            settings=settings,
            title="probe-sender",
            description="test",
            routers=[router, protected_router()],
            migrations_dir=MIGRATIONS,
            context=probe_context,
            produces=[event.topic],
        )
    )


async def record_ping(session: AsyncSession, ping: PingBase, _: Envelope, __: ProbeContext) -> None:
    if ping.poison:
        raise ValueError("this ping always fails")
    trace_id = f"{trace.get_current_span().get_span_context().trace_id:032x}"
    await session.execute(
        text(
            "INSERT INTO received (ping_id, times, trace_id) VALUES (:id, 1, :trace) "
            "ON CONFLICT (ping_id) DO UPDATE SET times = received.times + 1"
        ),
        {"id": ping.ping_id, "trace": trace_id},
    )


def receiver_app(settings: ServiceSettings, event: type[PingBase], group: str) -> FastAPI:
    return create_app(
        ServiceSpec(
            settings=settings,
            title="probe-receiver",
            description="test",
            routers=[],
            migrations_dir=MIGRATIONS,
            context=probe_context,
            consumers={group: [Subscription(event, record_ping)]},
        )
    )


async def record_ping_by_worker(session: AsyncSession, ping: PingBase, _: Envelope, __: ProbeContext) -> None:
    """`record_ping`, noting the worker process that handled it."""
    await session.execute(
        text(
            "INSERT INTO received (ping_id, times, trace_id, handled_by) VALUES (:id, 1, '', :worker) "
            "ON CONFLICT (ping_id) DO UPDATE SET times = received.times + 1"
        ),
        {"id": ping.ping_id, "worker": os.getpid()},
    )


def workers_app() -> FastAPI:
    """`uvicorn --factory servicekit.probe:workers_app --workers N`: one process that sends pings
    through its outbox and consumes them, configured by the environment (`SERVICE_*` settings, and
    PROBE_RUN naming the ping topic and consumer group), for the tests of several workers."""
    run = os.environ["PROBE_RUN"]
    event = ping_event(run)
    router = sender_router(event)

    @router.get("/v1/worker")
    async def worker() -> dict[str, int | str]:
        return {"pid": os.getpid(), "name": worker_name("probe")}

    return create_app(
        ServiceSpec(
            settings=ServiceSettings(service_name="probe-workers"),
            title="probe-workers",
            description="test",
            routers=[router],
            migrations_dir=MIGRATIONS,
            context=probe_context,
            consumers={f"workers-{run}": [Subscription(event, record_ping_by_worker)]},
            produces=[event.topic],
        )
    )


def protected_router() -> APIRouter:
    """Routes that exercise auth and validation the way every service's routes do."""
    from servicekit import Caller, Role, require_roles

    router = APIRouter()

    class Visit(BaseModel):
        patient_birth_name: str
        teeth: int

    @router.get("/v1/whoami")
    async def whoami(caller: Caller) -> dict[str, str]:
        return {"practice": caller.practice_id, "rpps": caller.professional.rpps, "role": caller.role}

    @router.post("/v1/visits", dependencies=[require_roles(Role.DENTIST)])
    async def visit(body: Visit) -> dict[str, int]:
        return {"teeth": body.teeth}

    @router.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("secret patient DUPONT Jean 1985-01-01")

    @router.get("/v1/database-restarting")
    async def database_restarting() -> None:
        import asyncpg.exceptions
        import sqlalchemy.exc

        cause = asyncpg.exceptions.CannotConnectNowError("the database system is starting up")
        raise sqlalchemy.exc.DBAPIError("SELECT 1", {}, cause)

    return router
