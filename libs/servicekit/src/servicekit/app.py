"""`create_app`: every service gets the same lifespan, health, readiness, metrics, errors and auth."""

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from dentalink_contracts.values import patient_key
from servicekit.auth import InternalTokenVerifier
from servicekit.consumer import EventConsumer, Subscription
from servicekit.db import Database
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.logs import configure_logging
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import OutboxRelay
from servicekit.problems import install_problem_handlers, install_problem_openapi, problem_response
from servicekit.settings import ServiceSettings
from servicekit.telemetry import RouteLabel, RouteTemplateUrls, configure_telemetry

log = logging.getLogger("servicekit.app")


@dataclass
class Runtime:
    """What a running service holds: handed to handlers, jobs and lifespan hooks."""

    settings: ServiceSettings
    database: Database
    producer: AIOKafkaProducer
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def patient_key(self, matricule: str) -> str:
        """Pseudonymous Kafka message key of a patient: never the matricule in clear."""
        return patient_key(matricule, self.settings.pseudonym_secret.encode())

    @property
    def source(self) -> str:
        """CloudEvents `source` of the events this service publishes."""
        return f"/dentalink/{self.settings.service_name}"


@dataclass(frozen=True)
class PeriodicJob:
    """Work a service repeats in the background (expiry sweeps, retries, reminders)."""

    name: str
    interval_seconds: float
    run: Callable[[Runtime], Awaitable[None]]


@dataclass
class ServiceSpec:
    """Everything that distinguishes one service from another."""

    settings: ServiceSettings
    title: str
    description: str
    routers: Sequence[APIRouter]
    migrations_dir: Path
    consumers: dict[str, list[Subscription]] = field(default_factory=dict)
    produces: Sequence[str] = ()
    jobs: Sequence[PeriodicJob] = ()
    lifespan: Callable[[Runtime], AbstractAsyncContextManager[None]] | None = None
    openapi_tags: list[dict[str, Any]] | None = None
    # How server spans name a request when route templates do not (catch-all routes).
    span_route_label: RouteLabel | None = None


class CatchAllErrors:
    """Innermost guard: an unexpected exception becomes a bare 500 problem and is not re-raised,
    so no server log prints a traceback whose message might quote personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            log.error("unhandled error", extra={"error_type": type(error).__name__})
            if not started:
                await problem_response(500, "internal-error", "An unexpected error occurred.")(
                    scope, receive, send
                )


async def _start_with_retry(what: str, start: Callable[[], Awaitable[None]], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            await start()
            return
        except (KafkaError, OSError) as error:
            if time.monotonic() > deadline:
                raise
            log.warning("waiting for dependency", extra={"what": what, "error_type": type(error).__name__})
            await asyncio.sleep(1.0)


async def _run_periodically(job: PeriodicJob, runtime: Runtime, stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        try:
            await job.run(runtime)
        except Exception as error:
            log.warning("job failed", extra={"job": job.name, "error_type": type(error).__name__})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=job.interval_seconds)


def create_app(spec: ServiceSpec) -> FastAPI:
    settings = spec.settings
    configure_logging(settings.service_name, settings.log_level)
    configure_telemetry(settings.service_name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings.resolved_database_url())
        await upgrade_to_head(spec.migrations_dir, settings.resolved_database_url())
        bootstrap = settings.resolved_kafka()
        consumed = [sub.event.topic for subs in spec.consumers.values() for sub in subs]
        await _start_with_retry("kafka topics", lambda: ensure_topics(bootstrap, [*spec.produces, *consumed]))
        producer = idempotent_producer(bootstrap, settings.service_name)
        await _start_with_retry("kafka producer", producer.start)
        relay = OutboxRelay(
            database,
            producer,
            service=settings.service_name,
            batch_size=settings.outbox_batch_size,
            safety_poll_seconds=settings.outbox_safety_poll_seconds,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            retention=timedelta(hours=settings.outbox_retention_hours),
        )
        runtime = Runtime(settings=settings, database=database, producer=producer, relay=relay)
        stopping = asyncio.Event()
        jobs: list[asyncio.Task[None]] = []
        async with contextlib.AsyncExitStack() as stack:
            # The service's own start-up (adapters, keys, clocks) is ready before any work arrives.
            if spec.lifespan is not None:
                await stack.enter_async_context(spec.lifespan(runtime))
            app.state.runtime = runtime
            await relay.start()
            for group, subscriptions in spec.consumers.items():
                consumer = EventConsumer(
                    f"{group}{settings.consumer_group_suffix}",
                    subscriptions,
                    database=database,
                    bootstrap_servers=bootstrap,
                    producer=producer,
                    max_attempts=settings.consumer_max_attempts,
                    retry_base_seconds=settings.consumer_retry_base_seconds,
                    stall_seconds=settings.consumer_stall_seconds,
                    start_new_group_at_end=settings.consumer_start_new_group_at_end,
                )
                await _start_with_retry(f"consumer {group}", consumer.start)
                runtime.consumers.append(consumer)
            jobs = [
                asyncio.create_task(_run_periodically(job, runtime, stopping), name=job.name)
                for job in spec.jobs
            ]
            log.info("service started", extra={"port": settings.port})
            try:
                yield
            finally:
                # Stop taking work, finish what is in flight, flush the outbox, then let go.
                stopping.set()
                for consumer in runtime.consumers:
                    await consumer.stop()
                await asyncio.gather(*jobs, return_exceptions=True)
        await relay.stop()
        with contextlib.suppress(KafkaError):
            await producer.stop()
        await database.close()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=spec.openapi_tags,
    )
    app.state.token_verifier = InternalTokenVerifier(
        settings.internal_public_key_pem(),
        issuer=settings.internal_token_issuer,
        audience=settings.internal_token_audience,
    )
    install_problem_handlers(app)
    install_problem_openapi(app)
    app.add_middleware(CatchAllErrors)
    app.add_middleware(RouteTemplateUrls, label=spec.span_route_label)
    for router in spec.routers:
        app.include_router(router)
    app.include_router(operations_router())
    FastAPIInstrumentor.instrument_app(app, excluded_urls="health,ready,metrics")
    return app


def operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="The process is alive")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="Database and Kafka reachable, consumers progressing")
    async def ready(request: Request) -> JSONResponse:
        runtime: Runtime | None = getattr(request.app.state, "runtime", None)
        if runtime is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        checks = {
            "database": await runtime.database.reachable(),
            "kafka": await kafka_reachable(runtime.producer),
        }
        checks.update({f"consumer:{c.name}": c.progressing() for c in runtime.consumers})
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not-ready", "checks": checks}, status_code=200 if ok else 503
        )

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def kafka_reachable(producer: AIOKafkaProducer) -> bool:
    try:
        return bool(await asyncio.wait_for(producer.client.fetch_all_metadata(), timeout=2))
    except (KafkaError, TimeoutError, OSError):
        return False


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def transaction(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one transaction per request, committed when the handler returns."""
    async with runtime_of(request).database.transaction() as session:
        yield session


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
# scope="function": the commit happens before the response leaves, so a 2xx means it is stored.
Session = Annotated[AsyncSession, Depends(transaction, scope="function")]
