"""OpenTelemetry traces and metrics, Prometheus text at /metrics (one registry per process)."""

import threading
from typing import Any

from opentelemetry import metrics, trace
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

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
        if span_exporter is not None:
            tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(
            MeterProvider(resource=resource, metric_readers=[PrometheusMetricReader()])
        )
        HTTPXClientInstrumentor().instrument()
        AIOKafkaInstrumentor().instrument()
        _configured = True


def add_span_exporter(exporter: SpanExporter) -> None:
    """Tests attach an in-memory exporter to see the spans the platform emits."""
    provider: Any = trace.get_tracer_provider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))


def instrument_engine(engine: AsyncEngine) -> None:
    # On the sync engine only: enabling the asyncpg instrumentation too would duplicate spans.
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, enable_commenter=False)


meter = metrics.get_meter("dentalink")
tracer = trace.get_tracer("dentalink")
