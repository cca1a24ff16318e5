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
from typing import Annotated, Any, Generic, TypeVar

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from opentelemetry.metrics import Observation
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from dentalink_contracts.topics import namespaced
from dentalink_contracts.values import patient_key
from servicekit.admin import AdminServer, AdminSlot, admin_app, claim_admin_slot, hold, worker_slot
from servicekit.auth import InternalTokenVerifier
from servicekit.consumer import EventConsumer, Subscription
from servicekit.counters import publish_zeros
from servicekit.db import Database
from servicekit.docs import DocsLink, docs_router
from servicekit.failures import is_infrastructure_error
from servicekit.fhir import FhirOutcomes
from servicekit.gauges import Live
from servicekit.http_metrics import HttpServerMetrics
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.logs import configure_logging
from servicekit.migrations import upgrade_to_head
from servicekit.operation_ids import operation_id
from servicekit.outbox import OutboxRelay
from servicekit.problems import install_problem_handlers, install_problem_openapi, problem_response
from servicekit.settings import ServiceSettings
from servicekit.telemetry import (
    NO_NATIVE_TELEMETRY,
    RouteLabel,
    RouteTemplateUrls,
    configure_telemetry,
    instrument_app,
)
from servicekit.text import CONTROL_CHARACTER_MESSAGE, has_control_characters

log = logging.getLogger("servicekit.app")


C = TypeVar("C")


@dataclass(frozen=True)
class Kit:
    """What servicekit hands a service's context factory: the process's database and identity."""

    settings: ServiceSettings
    database: Database
    # This worker's slot when the process runs several workers (servicekit.admin), else None.
    worker: int | None = None

    @property
    def source(self) -> str:
        """CloudEvents `source` of the events this service publishes."""
        return f"/dentalink/{self.settings.service_name}"

    @property
    def pseudonym_secret(self) -> bytes:
        """HMAC secret of the pseudonymous patient key (never the matricule in clear on the bus)."""
        return self.settings.pseudonym_secret.encode()

    def patient_key(self, matricule: str) -> str:
        """Pseudonymous Kafka message key of a patient."""
        return patient_key(matricule, self.pseudonym_secret)


@dataclass
class Runtime:
    """What a running process holds; servicekit's own business (readiness, shutdown)."""

    kit: Kit
    context: Any
    producer: AIOKafkaProducer | None = None
    relay: OutboxRelay | None = None
    consumers: list[EventConsumer[Any]] = field(default_factory=list)

    @property
    def database(self) -> Database:
        return self.kit.database


@dataclass(frozen=True)
class PeriodicJob(Generic[C]):
    """Work a service repeats in the background (expiry sweeps, retries, reminders); `run` receives
    the service's context, the same object routes and event handlers receive."""

    name: str
    interval_seconds: float
    run: Callable[[C], Awaitable[None]]


@dataclass
class ServiceSpec(Generic[C]):
    """Everything that distinguishes one service from another.

    A process that neither consumes nor produces events (`consumers` and `produces` empty) gets no
    Kafka producer, no outbox relay and no Kafka readiness check: messaging is opt-in.
    """

    settings: ServiceSettings
    title: str
    description: str
    routers: Sequence[APIRouter]
    migrations_dir: Path
    # Builds the service's context once per process: a frozen dataclass, or an async context
    # manager yielding one when its collaborators hold resources to release (an HTTP client pool).
    context: Callable[[Kit], C | AbstractAsyncContextManager[C]]
    consumers: dict[str, list[Subscription[C]]] = field(default_factory=dict)
    produces: Sequence[str] = ()
    jobs: Sequence[PeriodicJob[C]] = ()
    openapi_tags: list[dict[str, Any]] | None = None
    # How server spans name a request when route templates do not (catch-all routes).
    span_route_label: RouteLabel | None = None
    # The gateway's /docs and /openapi.json are for integrators; a service's are operators', and
    # move to the admin port with the metrics when one is set.
    public_docs: bool = False
    # Links shown above Swagger UI on /docs (the gateway's integrator guide).
    docs_links: tuple[DocsLink, ...] = ()

    @property
    def messaging(self) -> bool:
        return bool(self.consumers or self.produces)


DEPENDENCY_RETRY_AFTER_SECONDS = 5


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
            if is_infrastructure_error(error):
                # A dependency away (the database restarting) is not the client's fault nor a bug:
                # 503 with Retry-After, so a correct client retries and a load balancer understands.
                log.warning("dependency unavailable", extra={"error_type": type(error).__name__})
                answer = problem_response(
                    503,
                    "dependency-unavailable",
                    "A dependency of this service is unavailable; retry shortly.",
                    headers={"Retry-After": str(DEPENDENCY_RETRY_AFTER_SECONDS)},
                )
            else:
                log.error("unhandled error", extra={"error_type": type(error).__name__})
                answer = problem_response(500, "internal-error", "An unexpected error occurred.")
            if not started:
                await answer(scope, receive, send)


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


async def _run_periodically(job: PeriodicJob[Any], context: Any, stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        try:
            await job.run(context)
        except Exception as error:
            log.warning("job failed", extra={"job": job.name, "error_type": type(error).__name__})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=job.interval_seconds)


async def _enter_context(stack: contextlib.AsyncExitStack, built: Any) -> Any:
    if isinstance(built, AbstractAsyncContextManager):
        return await stack.enter_async_context(built)
    return built


async def _start_messaging(
    spec: ServiceSpec[Any], runtime: Runtime, stack: contextlib.AsyncExitStack
) -> None:
    """Producer, outbox relay and consumers, for a service that produces or consumes events."""
    settings = spec.settings
    bootstrap = settings.resolved_kafka()
    namespace = settings.resolved_topic_namespace()
    consumed = [sub.event.topic for subs in spec.consumers.values() for sub in subs]
    topics = [namespaced(topic, namespace) for topic in [*spec.produces, *consumed]]
    security = settings.kafka_client_options()
    if settings.kafka_create_topics:
        await _start_with_retry(
            "kafka topics",
            lambda: ensure_topics(
                bootstrap,
                topics,
                partitions=settings.kafka_topic_partitions,
                replication_factor=settings.kafka_replication_factor,
                min_insync_replicas=settings.kafka_min_insync_replicas,
                client_options=security,
            ),
        )
    producer = idempotent_producer(bootstrap, settings.service_name, client_options=security)
    await _start_with_retry("kafka producer", producer.start)
    runtime.producer = producer

    async def stop_producer() -> None:
        with contextlib.suppress(KafkaError):
            await producer.stop()

    stack.push_async_callback(stop_producer)
    relay = OutboxRelay(
        runtime.database,
        producer,
        service=settings.service_name,
        topic_namespace=namespace,
        batch_size=settings.outbox_batch_size,
        safety_poll_seconds=settings.outbox_safety_poll_seconds,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        retention=timedelta(hours=settings.outbox_retention_hours),
    )
    runtime.relay = relay
    await relay.start()
    stack.push_async_callback(relay.stop)
    for group, subscriptions in spec.consumers.items():
        consumer = EventConsumer(
            f"{group}{settings.consumer_group_suffix}",
            subscriptions,
            context=runtime.context,
            topic_namespace=namespace,
            database=runtime.database,
            bootstrap_servers=bootstrap,
            client_options=security,
            producer=producer,
            max_attempts=settings.consumer_max_attempts,
            retry_base_seconds=settings.consumer_retry_base_seconds,
            stall_seconds=settings.consumer_stall_seconds,
            start_new_group_at_end=settings.consumer_start_new_group_at_end,
        )
        # Longer than one bounded group join (servicekit.consumer), so a join that hung is tried anew.
        await _start_with_retry(f"consumer {group}", consumer.start, timeout=180)
        runtime.consumers.append(consumer)
        stack.push_async_callback(consumer.stop)


def _parameter_error(location: str, name: str) -> dict[str, object]:
    # A name that is itself unprintable is not echoed back.
    where = (location,) if has_control_characters(name) else (location, name)
    return {"type": "value_error", "loc": where, "msg": f"Value error, {CONTROL_CHARACTER_MESSAGE}"}


async def refuse_control_characters(request: Request) -> None:
    """App-wide dependency: a query parameter or path segment holding a control character is a 422
    naming it (`query.<name>`, `path.<name>`), whatever type the route gives the parameter."""
    errors = [
        _parameter_error("query", name)
        for name, value in request.query_params.multi_items()
        if has_control_characters(name) or has_control_characters(value)
    ]
    errors += [
        _parameter_error("path", name)
        for name, value in request.path_params.items()
        if isinstance(value, str) and has_control_characters(value)
    ]
    if errors:
        raise RequestValidationError(errors)


class ProductionPostureError(RuntimeError):
    """A process told it runs in production whose settings are a development posture."""


class WorkersNeedAdminPortError(RuntimeError):
    """Several workers without an admin port: their metrics would answer for one worker at random,
    and no worker would have a slot of its own (servicekit.admin)."""


async def _claim_slot(settings: ServiceSettings, stack: contextlib.AsyncExitStack) -> AdminSlot | None:
    ports = settings.admin_ports()
    if not ports:
        return None
    slot = await claim_admin_slot(settings.admin_host, ports)
    stack.callback(slot.socket.close)  # closed by the admin server once it runs; this if it never does
    hold(slot)
    stack.callback(hold, None)
    return slot


def create_app(spec: ServiceSpec[Any]) -> FastAPI:
    settings = spec.settings
    if settings.resolved_environment() == "production":
        violations = settings.production_violations(messaging=spec.messaging)
        if violations:
            raise ProductionPostureError(
                f"{settings.service_name} refuses to start in production: " + "; ".join(violations)
            )
    if settings.workers() > 1 and settings.admin_port is None:
        raise WorkersNeedAdminPortError(
            f"{settings.service_name} runs {settings.workers()} workers: each needs an admin port slot "
            "(ADMIN_PORT, and ADMIN_SLOT_STRIDE when the next ports are taken)"
        )
    configure_logging(settings.service_name, settings.log_level)
    configure_telemetry(settings.service_name)
    publish_zeros()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stopping = asyncio.Event()
        jobs: list[asyncio.Task[None]] = []
        # Released in reverse: consumers stop taking work, the relay flushes the outbox, the
        # producer lets go, then the service's own resources, then the database, then the slot.
        async with contextlib.AsyncExitStack() as stack:
            # First: the worker's slot names it (Kit.worker) before anything it builds.
            slot = await _claim_slot(settings, stack)
            database = Database(settings.resolved_database_url(), pool_size=settings.database_pool_size)
            stack.push_async_callback(database.close)
            # Several workers start together: the migrations' advisory lock lets one apply them.
            await upgrade_to_head(spec.migrations_dir, settings.resolved_database_url())
            worker = worker_slot() if slot is not None else None
            kit = Kit(settings=settings, database=database, worker=worker)
            # The service's collaborators are ready before any request, event or job arrives.
            context = await _enter_context(stack, spec.context(kit))
            runtime = Runtime(kit=kit, context=context)
            if spec.messaging:
                await _start_messaging(spec, runtime, stack)
            app.state.runtime = runtime
            if slot is not None:
                admin = AdminServer(app.state.admin_app, slot)
                await admin.start()
                stack.push_async_callback(admin.stop)
            jobs = [
                asyncio.create_task(_run_periodically(job, context, stopping), name=job.name)
                for job in spec.jobs
            ]
            jobs.append(asyncio.create_task(DependencyWatch(runtime).watch(stopping), name="dependencies"))
            log.info("service started", extra={"port": settings.port, "worker": worker})
            try:
                yield
            finally:
                stopping.set()
                await asyncio.gather(*jobs, return_exceptions=True)

    admin_port = settings.admin_port
    docs_here = spec.public_docs or admin_port is None
    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=spec.openapi_tags,
        # servicekit.docs serves /docs without FastAPI's CDN; ReDoc is not served (CDN and web fonts).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs_here else None,
        # No query parameter or path segment holding a control character reaches a route (422).
        dependencies=[Depends(refuse_control_characters)],
        telemetry=NO_NATIVE_TELEMETRY,
        generate_unique_id_function=operation_id,
    )
    app.state.token_verifier = InternalTokenVerifier(
        settings.internal_public_key_pem(),
        issuer=settings.internal_token_issuer,
        audience=settings.internal_token_audience,
    )
    install_problem_handlers(app)
    install_problem_openapi(app)
    if docs_here:
        app.include_router(docs_router(title=f"{spec.title} - Swagger UI", links=spec.docs_links))
    app.add_middleware(CatchAllErrors)
    # Outside CatchAllErrors, so its 500/503 problems reach FHIR clients as OperationOutcome too.
    app.add_middleware(FhirOutcomes)
    app.add_middleware(RouteTemplateUrls, label=spec.span_route_label)
    app.add_middleware(HttpServerMetrics, label=spec.span_route_label)
    for router in spec.routers:
        app.include_router(router)
    app.include_router(operations_router(metrics=admin_port is None))
    instrument_app(app, excluded_urls="health,ready,metrics")
    if admin_port is not None:
        app.state.admin_app = admin_app(app, operations_router(app), with_docs=not spec.public_docs)
    return app


def operations_router(service: FastAPI | None = None, *, metrics: bool = True) -> APIRouter:
    """Health, readiness and (unless they live on the admin port) metrics of `service`'s process;
    `service` None means the app the router is included in."""
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="The process is alive")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="Can serve its own requests now (`?verbose`: every dependency)")
    async def ready(request: Request) -> JSONResponse:
        runtime: Runtime | None = getattr((service or request.app).state, "runtime", None)
        if runtime is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        # Requests need the database only: a broker outage is absorbed by the outbox and consumers
        # catch up, so it must not take the process out of a load balancer. It shows in `?verbose`
        # and in `dentalink_dependency_up`.
        checks = {"database": await runtime.database.reachable()}
        ok = all(checks.values())
        body: dict[str, Any] = {"status": "ready" if ok else "not-ready", "checks": checks}
        if "verbose" in request.query_params:
            body["dependencies"] = await dependency_states(runtime)
        return JSONResponse(body, status_code=200 if ok else 503)

    if metrics:

        @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
        async def prometheus_metrics() -> Response:
            return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def dependency_states(runtime: Runtime) -> dict[str, bool]:
    """Every dependency of the process, reachable or progressing now; a service's own ones too, when
    its context has a `dependency_states()` coroutine method (the gateway's shared Redis)."""
    states = {"database": await runtime.database.reachable()}
    if runtime.producer is not None:
        states["kafka"] = await kafka_reachable(runtime.producer)
    states.update({f"consumer:{c.name}": c.progressing() for c in runtime.consumers})
    own: Callable[[], Awaitable[dict[str, bool]]] | None = getattr(runtime.context, "dependency_states", None)
    if own is not None:
        states.update(await own())
    return states


class DependencyWatch:
    """Keeps what `/ready?verbose` says fresh in the background, so a scrape of
    `dentalink_dependency_up` never waits on a dependency."""

    def __init__(self, runtime: Runtime, interval_seconds: float = 5.0) -> None:
        self.runtime = runtime
        self.interval_seconds = interval_seconds
        self.states: dict[str, bool] = {}

    async def watch(self, stopping: asyncio.Event) -> None:
        _watches.add(self)
        try:
            while not stopping.is_set():
                with contextlib.suppress(Exception):
                    self.states = await dependency_states(self.runtime)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), timeout=self.interval_seconds)
        finally:
            _watches.discard(self)

    def observe(self) -> list[Observation]:
        return [Observation(int(up), {"dependency": name}) for name, up in self.states.items()]


_watches: Live[DependencyWatch] = Live()
_watches.create_observable_gauge(
    "dentalink_dependency_up",
    DependencyWatch.observe,
    description="1 when a dependency (database, kafka, consumer:<group>) is reachable or progressing",
)


async def kafka_reachable(producer: AIOKafkaProducer) -> bool:
    try:
        return bool(await asyncio.wait_for(producer.client.fetch_all_metadata(), timeout=2))
    except (KafkaError, TimeoutError, OSError):
        return False


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def context_of(request: Request) -> Any:
    """FastAPI dependency: the service's context, the object its handlers and jobs receive too.

    Each service narrows it to its own type once, in `context.py`:
    `Context = Annotated[XContext, Depends(context_of)]`. Async like every dependency here: FastAPI
    runs a sync one in its thread pool, a hop per request.
    """
    return runtime_of(request).context


async def transaction(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one transaction per request, committed when the handler returns."""
    async with runtime_of(request).database.transaction() as session:
        yield session


# scope="function": the commit happens before the response leaves, so a 2xx means it is stored.
Session = Annotated[AsyncSession, Depends(transaction, scope="function")]
