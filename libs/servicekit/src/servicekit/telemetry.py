"""OpenTelemetry traces and metrics, Prometheus text at /metrics (one registry per process).

Spans cost CPU on every request and statement, so a process records them only while an exporter
reads them (an OTLP endpoint, or a test's in-memory exporter): `ExportGate` drops every span until
then, the FastAPI server middleware is bypassed (`WhenExported`), and database engines, httpx and
aiokafka are instrumented only once spans are exported (`instrument_engine`). Trace ids still travel (W3C
`traceparent` into HTTP calls and Kafka headers, unsampled), so logs and events stay correlated.
"""

import logging
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, cast

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from opentelemetry import context, metrics, propagate, trace
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.asgi import asgi_getter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.metrics import Counter, NoOpMeterProvider
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import Link, Span, SpanKind, Status
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("servicekit.telemetry")
_lock = threading.Lock()
_configured = False


class ExportGate(Sampler):
    """The process's sampler: `sampler`'s decision (OTEL_TRACES_SAMPLER / _ARG, by default
    parentbased_always_on) while `open`, that is while an exporter reads the spans; every span
    dropped otherwise, so nothing is recorded that nobody reads. A dropped span still has a trace id
    (the caller's, or a new one) and propagates it, unsampled."""

    def __init__(self, sampler: Sampler, *, open: bool = False) -> None:
        self.sampler = sampler
        self.open = open

    def should_sample(
        self,
        parent_context: context.Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if self.open:
            return self.sampler.should_sample(
                parent_context, trace_id, name, kind, attributes, links, trace_state
            )
        parent = trace.get_current_span(parent_context).get_span_context()
        return SamplingResult(Decision.DROP, None, parent.trace_state if parent.is_valid else None)

    def get_description(self) -> str:
        return f"ExportGate{{{self.sampler.get_description()}}}"


# The gate of the process-wide provider (configure_telemetry); None before it is installed.
_gate: ExportGate | None = None


def spans_exported() -> bool:
    """An exporter reads this process's spans now."""
    return _gate is not None and _gate.open


def configure_telemetry(service: str, span_exporter: SpanExporter | None = None) -> None:
    """Install the process-wide tracer and meter providers once (OTel allows one of each).

    Spans leave the process only towards an OTLP endpoint named by the standard variables
    (`otlp_exporter`) or to `span_exporter` (tests); with neither, none is recorded (`ExportGate`).
    """
    global _configured, _gate
    with _lock:
        if _configured:
            return
        resource = Resource.create({"service.name": service})
        provider = build_tracer_provider(resource, span_exporter)
        _gate = provider.sampler if isinstance(provider.sampler, ExportGate) else None
        trace.set_tracer_provider(provider)
        metrics.set_meter_provider(
            MeterProvider(resource=resource, metric_readers=[PrometheusMetricReader()])
        )
        _configured = True
    if spans_exported():
        _instrument_for_export()


def build_tracer_provider(resource: Resource, span_exporter: SpanExporter | None = None) -> TracerProvider:
    """The scrubber, then a test's exporter, then OTLP export when the environment asks for it; the
    sampler gated on there being an exporter."""
    tracer_provider = TracerProvider(resource=resource)  # no sampler given: the SDK reads the env
    tracer_provider.add_span_processor(ErrorTextScrubber())  # first: exporters see scrubbed spans
    if span_exporter is not None:
        tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
    exporter = otlp_exporter()
    if exporter is not None:
        # Batched off the request path; the provider's own shutdown at exit flushes it.
        tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
    # Set before any tracer is handed out: tracers keep the provider's sampler.
    tracer_provider.sampler = ExportGate(
        tracer_provider.sampler, open=span_exporter is not None or exporter is not None
    )
    return tracer_provider


SUPPORTED_PROTOCOL = "http/protobuf"


def otlp_exporter() -> SpanExporter | None:
    """The OTLP/HTTP span exporter when OTEL_EXPORTER_OTLP_ENDPOINT or _TRACES_ENDPOINT is set,
    else None: nothing is exported unless an operator names where to.

    The exporter reads the endpoint, headers, timeout and compression from the same variables.
    OTEL_TRACES_EXPORTER=none turns it off; a protocol other than http/protobuf (gRPC is not
    installed) is refused with a warning rather than sending HTTP to a gRPC port.
    """
    env = os.environ
    if not (env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")):
        return None
    if env.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() == "none":
        return None
    protocol = (
        env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or env.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or SUPPORTED_PROTOCOL
    ).strip()
    if protocol != SUPPORTED_PROTOCOL:
        log.warning(
            "OTLP protocol not supported: spans are not exported",
            extra={"protocol": protocol, "supported": SUPPORTED_PROTOCOL},
        )
        return None
    # Imported here: a process that exports nothing does not load protobuf and requests.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


# Span attributes that can hold a raw URL: paths carry an INS (/v1/patients/{ins}), queries traits.
URL_ATTRIBUTES = ("http.url", "http.target", "url.full", "url.path", "url.query")


def redact_client_url(span: Span, request: Any) -> None:
    """Outgoing calls keep scheme, host and port only: the path and query may quote patient data."""
    if span.is_recording():
        url = request.url if hasattr(request, "url") else request[1]
        origin = (
            f"{url.scheme.decode() if isinstance(url.scheme, bytes) else url.scheme}://"
            f"{url.host.decode() if isinstance(url.host, bytes) else url.host}"
        )
        for name in URL_ATTRIBUTES:
            span.set_attribute(name, origin if name in ("http.url", "url.full") else "")


async def redact_client_url_async(span: Span, request: Any) -> None:
    redact_client_url(span, request)


# Names a request from its method and raw path without identifiers (e.g. a proxy's rule template).
RouteLabel = Callable[[str, str], str]


_ROUTE_TEMPLATE = "dentalink.route_template"


def route_template(scope: Scope, label: RouteLabel | None) -> str:
    """The template of the route that served a request (`label` for catch-all apps): what spans and
    metrics call it, never a value from the path. Worked out once per request (the gateway's label
    matches the path against every documented operation) and kept in the scope for the next asker."""
    known: str | None = scope.get(_ROUTE_TEMPLATE)
    if known is not None:
        return known
    if label is not None:
        template = label(str(scope.get("method", "")), str(scope.get("path", "")))
    else:
        routed = getattr(scope.get("route"), "path", None)
        if routed is None:
            return "unmatched"  # not routed yet, or no route: not worth keeping
        template = routed
    scope[_ROUTE_TEMPLATE] = template
    return template


class RouteTemplateUrls:
    """Innermost ASGI middleware: once routed, the server span's URL attributes become the route
    template (`/v1/patients/{ins}/documents`) with no query, so no INS or trait reaches a trace.

    An app whose routes are catch-alls (the gateway) passes `label` to name requests its own way.
    """

    def __init__(self, app: ASGIApp, label: RouteLabel | None = None) -> None:
        self.app = app
        self.label = label

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        if scope["type"] != "http" or not span.is_recording():
            await self.app(scope, receive, send)
            return
        # Redacted up front too, so nothing leaks if the request dies before routing.
        _set_route(span, "unmatched")
        named = False

        def name_route() -> None:
            nonlocal named
            if named or not span.is_recording():
                return
            named = True
            template = route_template(scope, self.label)
            if self.label is not None:
                span.update_name(f"{scope.get('method', '')} {template}")
                span.set_attribute("http.route", template)
            _set_route(span, template)

        async def send_named(message: Message) -> None:
            # The ASGI instrumentation ends the server span with the response's last byte, before
            # this middleware returns: the span is named as the response starts, once routed.
            if message["type"] == "http.response.start":
                name_route()
            await send(message)

        try:
            await self.app(scope, receive, send_named)
        finally:
            name_route()  # no response was started (an error escaped): the span is still open


def _set_route(span: Span, template: str) -> None:
    for name in URL_ATTRIBUTES:
        span.set_attribute(name, "" if name == "url.query" else template)


class ErrorTextScrubber(SpanProcessor):
    """Drops error *texts* from ended spans, keeping their status code and exception type.

    Instrumentations copy `str(exception)` into the status and exception events, and a database
    error quotes the offending row (asyncpg's DETAIL: `Key (practice_id, matricule)=(…)`): the
    message may hold personal data, its type never does.
    """

    def on_end(self, span: ReadableSpan) -> None:
        if span.status.description:
            span._status = Status(span.status.status_code)
        events = getattr(span, "_events", None)
        if events:
            scrubbed = [
                Event(
                    event.name,
                    {
                        k: v
                        for k, v in (event.attributes or {}).items()
                        if k not in ("exception.message", "exception.stacktrace")
                    },
                    event.timestamp,
                )
                if event.name == "exception"
                else event
                for event in events
            ]
            span._events = tuple(scrubbed)


def add_span_exporter(exporter: SpanExporter) -> None:
    """Tests attach an in-memory exporter to see the spans the platform emits: from now on the
    process records spans, and instruments the engines it left alone while nothing was exported."""
    provider: Any = trace.get_tracer_provider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    if _gate is not None:
        _gate.open = True
    _instrument_for_export()


def _instrument_for_export() -> None:
    """The client libraries' instrumentation, once something reads spans: they patch the httpx and
    aiokafka classes (clients made earlier included), and until then their wrappers would run on
    every upstream call and every message for spans nobody records."""
    with _lock:
        httpx_instrumentor = HTTPXClientInstrumentor()
        if not httpx_instrumentor.is_instrumented_by_opentelemetry:
            httpx_instrumentor.instrument(
                request_hook=redact_client_url, async_request_hook=redact_client_url_async
            )
        kafka_instrumentor = AIOKafkaInstrumentor()
        if not kafka_instrumentor.is_instrumented_by_opentelemetry:
            kafka_instrumentor.instrument()
    _instrument_waiting_engines()


# Engines created while nothing was exported, instrumented when an exporter comes.
_waiting_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def instrument_engine(engine: AsyncEngine) -> None:
    """Spans per statement, once spans are exported (before, the instrumentation's listeners would
    parse the URL and start a span for every statement, for nobody)."""
    if spans_exported():
        _instrument(engine.sync_engine)
    else:
        _waiting_engines.add(engine.sync_engine)


def _instrument_waiting_engines() -> None:
    for engine in list(_waiting_engines):
        _waiting_engines.discard(engine)
        _instrument(engine)


def _instrument(engine: Engine) -> None:
    # On the sync engine only: enabling the asyncpg instrumentation too would duplicate spans. The
    # instrumentor is a process-wide singleton: it instruments the first engine handed to it.
    instrumentor = SQLAlchemyInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(engine=engine, enable_commenter=False)


# FastAPI's own OpenTelemetry (FastAPI(telemetry=...)), off: servicekit traces requests itself
# (WhenExported, RouteTemplateUrls) and measures them (http_metrics). FastAPI's would put the raw path,
# an INS, on its spans, record a second `http.server.request.duration` labelled differently, and cost
# every request its checks.
NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


class WhenExported:
    """Outermost ASGI app: while spans are exported, a request goes through `traced` (the
    OpenTelemetry server middleware: attributes, route name, exception events); otherwise straight
    to `untraced` (the same middleware and routes), under a span that is not recorded but carries
    the caller's trace id (or a new one) on to what the request calls and publishes."""

    def __init__(self, traced: ASGIApp, untraced: ASGIApp) -> None:
        self.traced = traced
        self.untraced = untraced

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if spans_exported():
            await self.traced(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.untraced(scope, receive, send)
            return
        parent = propagate.extract(cast(dict[str, Any], scope), getter=asgi_getter)
        with tracer.start_as_current_span("HTTP", context=parent, kind=SpanKind.SERVER):
            await self.untraced(scope, receive, send)


def instrument_app(app: FastAPI, *, excluded_urls: str) -> None:
    """Server spans for `app`'s requests (`WhenExported`); `excluded_urls` get none. The
    middleware stack is built once and shared by the traced and the untraced way in."""
    built: list[ASGIApp] = []
    build_stack = app.build_middleware_stack

    def stack_once() -> ASGIApp:
        if not built:
            built.append(build_stack())
        return built[0]

    app.build_middleware_stack = stack_once  # type: ignore[method-assign]
    FastAPIInstrumentor.instrument_app(
        app,
        excluded_urls=excluded_urls,
        # Spans only: servicekit.http_metrics records durations without labels taken from the client.
        meter_provider=NoOpMeterProvider(),
        exclude_spans=["receive", "send"],  # one server span per request, not three
    )
    traced = app.build_middleware_stack  # the instrumentor's: its middleware around stack_once()
    app.build_middleware_stack = lambda: WhenExported(traced(), stack_once())  # type: ignore[method-assign]


meter = metrics.get_meter("dentalink")
tracer = trace.get_tracer("dentalink")


def after_commit(session: AsyncSession, action: Callable[[], None]) -> None:
    """Run `action` once the session's transaction commits, and never if it rolls back: a domain
    counter bumped before commit would count rolled-back requests and retried consumer attempts."""
    event.listen(session.sync_session, "after_commit", lambda _: action(), once=True)


def count_after_commit(
    session: AsyncSession, counter: Counter, amount: float = 1, attributes: dict[str, str] | None = None
) -> None:
    """`counter.add(amount, attributes)` when (and only if) the transaction commits."""
    after_commit(session, lambda: counter.add(amount, attributes or {}))
