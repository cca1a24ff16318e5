"""OpenTelemetry traces and metrics, Prometheus text at /metrics (one registry per process)."""

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
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Span, Status
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

_lock = threading.Lock()
_configured = False


def configure_telemetry(service: str, span_exporter: SpanExporter | None = None) -> None:
    """Install the process-wide tracer and meter providers once (OTel allows one of each)."""
    global _configured
    with _lock:
        if _configured:
            return
        resource = Resource.create({"service.name": service})
        tracer_provider = TracerProvider(resource=resource)
        tracer_provider.add_span_processor(ErrorTextScrubber())  # first: exporters see scrubbed spans
        if span_exporter is not None:
            tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(
            MeterProvider(resource=resource, metric_readers=[PrometheusMetricReader()])
        )
        HTTPXClientInstrumentor().instrument(
            request_hook=redact_client_url, async_request_hook=redact_client_url_async
        )
        AIOKafkaInstrumentor().instrument()
        _configured = True


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


class RouteTemplateUrls:
    """Innermost ASGI middleware: once routed, the server span's URL attributes become the route
    template (`/v1/patients/{ins}/documents`) with no query, so no INS or trait reaches a trace.

    An app whose routes are catch-alls (the gateway) passes `label` to name requests its own way.
    """

    def __init__(self, app: ASGIApp, label: RouteLabel | None = None) -> None:
        self.app = app
        self.label = label

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        span = trace.get_current_span()
        if span.is_recording():
            # Redacted up front too, so nothing leaks if the request dies before routing.
            _set_route(span, "unmatched")
        try:
            await self.app(scope, receive, send)
        finally:
            if span.is_recording():
                if self.label is not None:
                    template = self.label(str(scope.get("method", "")), str(scope.get("path", "")))
                    span.update_name(f"{scope.get('method', '')} {template}")
                    span.set_attribute("http.route", template)
                else:
                    template = getattr(scope.get("route"), "path", None) or "unmatched"
                _set_route(span, template)


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
