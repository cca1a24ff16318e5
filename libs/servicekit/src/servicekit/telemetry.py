"""OpenTelemetry traces and metrics, Prometheus text at /metrics (one registry per process)."""

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from opentelemetry import metrics, trace
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.metrics import Counter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Span, Status
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("servicekit.telemetry")
_lock = threading.Lock()
_configured = False


def configure_telemetry(service: str, span_exporter: SpanExporter | None = None) -> None:
    """Install the process-wide tracer and meter providers once (OTel allows one of each).

    Spans leave the process only towards an OTLP endpoint named by the standard variables
    (`otlp_exporter`); the sampler is the SDK's reading of OTEL_TRACES_SAMPLER / _ARG, by default
    parentbased_always_on, so a trace started upstream is kept or dropped as a whole.
    """
    global _configured
    with _lock:
        if _configured:
            return
        resource = Resource.create({"service.name": service})
        trace.set_tracer_provider(build_tracer_provider(resource, span_exporter))
        metrics.set_meter_provider(
            MeterProvider(resource=resource, metric_readers=[PrometheusMetricReader()])
        )
        HTTPXClientInstrumentor().instrument(
            request_hook=redact_client_url, async_request_hook=redact_client_url_async
        )
        AIOKafkaInstrumentor().instrument()
        _configured = True


def build_tracer_provider(resource: Resource, span_exporter: SpanExporter | None = None) -> TracerProvider:
    """The scrubber, then a test's exporter, then OTLP export when the environment asks for it."""
    tracer_provider = TracerProvider(resource=resource)  # no sampler given: the SDK reads the env
    tracer_provider.add_span_processor(ErrorTextScrubber())  # first: exporters see scrubbed spans
    if span_exporter is not None:
        tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
    exporter = otlp_exporter()
    if exporter is not None:
        # Batched off the request path; the provider's own shutdown at exit flushes it.
        tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
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
    """Tests attach an in-memory exporter to see the spans the platform emits."""
    provider: Any = trace.get_tracer_provider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))


def instrument_engine(engine: AsyncEngine) -> None:
    # On the sync engine only: enabling the asyncpg instrumentation too would duplicate spans.
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, enable_commenter=False)


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
