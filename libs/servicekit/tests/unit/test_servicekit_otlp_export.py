"""Spans leave a process only when an operator names an OTLP endpoint (the standard variables), and
the sampler is the SDK's reading of OTEL_TRACES_SAMPLER. No network: exporters are built, never used."""

from collections.abc import Iterator

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, TraceIdRatioBased

from servicekit.telemetry import ErrorTextScrubber, build_tracer_provider, otlp_exporter

VARIABLES = (
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    "OTEL_TRACES_EXPORTER",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def providers() -> Iterator[list[TracerProvider]]:
    built: list[TracerProvider] = []
    yield built
    for provider in built:
        provider.shutdown()  # stops a batch processor's thread; nothing was recorded, nothing is sent


def processors_of(provider: TracerProvider) -> list[SpanProcessor]:
    return list(provider._active_span_processor._span_processors)


def endpoint_of(exporter: object) -> str:
    assert isinstance(exporter, OTLPSpanExporter)
    return str(exporter._endpoint)


def test_nothing_is_exported_without_an_endpoint() -> None:
    assert otlp_exporter() is None


def test_the_base_endpoint_gets_the_traces_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:14318")
    assert endpoint_of(otlp_exporter()) == "http://127.0.0.1:14318/v1/traces"


def test_the_traces_endpoint_is_used_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom/traces")
    assert endpoint_of(otlp_exporter()) == "http://collector:4318/custom/traces"


def test_http_protobuf_is_accepted_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    assert isinstance(otlp_exporter(), OTLPSpanExporter)


@pytest.mark.parametrize(
    ("variable", "protocol"),
    [("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json")],
)
def test_an_unsupported_protocol_exports_nothing(
    monkeypatch: pytest.MonkeyPatch, variable: str, protocol: str
) -> None:
    # Never HTTP towards what the operator said is a gRPC (4317) receiver.
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    monkeypatch.setenv(variable, protocol)
    assert otlp_exporter() is None


def test_the_traces_exporter_none_turns_export_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    assert otlp_exporter() is None


def test_a_process_without_an_endpoint_only_scrubs(providers: list[TracerProvider]) -> None:
    providers.append(build_tracer_provider(Resource.create({"service.name": "ins-service"})))
    assert [type(p) for p in processors_of(providers[0])] == [ErrorTextScrubber]


def test_the_otlp_exporter_comes_after_the_scrubber(
    monkeypatch: pytest.MonkeyPatch, providers: list[TracerProvider]
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:14318")
    test_exporter = InMemorySpanExporter()
    providers.append(build_tracer_provider(Resource.create({"service.name": "ins-service"}), test_exporter))
    scrubber, simple, batch = processors_of(providers[0])
    # Processors see an ended span in order: exported spans are scrubbed ones.
    assert isinstance(scrubber, ErrorTextScrubber)
    assert isinstance(simple, SimpleSpanProcessor) and simple.span_exporter is test_exporter
    assert isinstance(batch, BatchSpanProcessor)
    assert endpoint_of(batch._batch_processor._exporter) == "http://127.0.0.1:14318/v1/traces"


def test_the_default_sampler_follows_the_parent_and_samples_roots(providers: list[TracerProvider]) -> None:
    providers.append(build_tracer_provider(Resource.create({})))
    sampler = providers[0].sampler
    assert isinstance(sampler, ParentBased)
    assert sampler._root is ALWAYS_ON
    assert sampler._remote_parent_not_sampled is ALWAYS_OFF  # a trace dropped upstream stays dropped


def test_the_sampler_variables_are_honoured(
    monkeypatch: pytest.MonkeyPatch, providers: list[TracerProvider]
) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
    monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.25")
    providers.append(build_tracer_provider(Resource.create({})))
    sampler = providers[0].sampler
    assert isinstance(sampler, ParentBased)
    assert isinstance(sampler._root, TraceIdRatioBased)
    assert sampler._root.rate == 0.25
