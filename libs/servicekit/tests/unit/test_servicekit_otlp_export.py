"""Spans leave a process only when an operator names an OTLP endpoint (the standard variables), and
the sampler is the SDK's reading of OTEL_TRACES_SAMPLER. No network: exporters are built, never used."""

from collections.abc import Iterator

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler, TraceIdRatioBased

from servicekit.telemetry import ErrorTextScrubber, ExportGate, build_tracer_provider, otlp_exporter

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


def gated(provider: TracerProvider) -> Sampler:
    """The sampler deciding while spans are exported (behind servicekit's ExportGate)."""
    gate = provider.sampler
    assert isinstance(gate, ExportGate) and gate.open
    return gate.sampler


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
    providers.append(build_tracer_provider(Resource.create({}), InMemorySpanExporter()))
    sampler = gated(providers[0])
    assert isinstance(sampler, ParentBased)
    assert sampler._root is ALWAYS_ON
    assert sampler._remote_parent_not_sampled is ALWAYS_OFF  # a trace dropped upstream stays dropped


def test_the_sampler_variables_are_honoured(
    monkeypatch: pytest.MonkeyPatch, providers: list[TracerProvider]
) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
    monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.25")
    providers.append(build_tracer_provider(Resource.create({}), InMemorySpanExporter()))
    sampler = gated(providers[0])
    assert isinstance(sampler, ParentBased)
    assert isinstance(sampler._root, TraceIdRatioBased)
    assert sampler._root.rate == 0.25


def test_with_nothing_exported_no_span_is_recorded_but_the_trace_id_travels(
    providers: list[TracerProvider],
) -> None:
    providers.append(build_tracer_provider(Resource.create({})))
    tracer = providers[0].get_tracer("test")
    with tracer.start_as_current_span("request") as outer, tracer.start_as_current_span("publish") as inner:
        assert not outer.is_recording() and not inner.is_recording()
        assert inner.get_span_context().trace_id == outer.get_span_context().trace_id != 0
        assert not inner.get_span_context().trace_flags.sampled


def test_a_ratio_samples_a_share_of_new_traces_and_follows_the_callers_decision(
    monkeypatch: pytest.MonkeyPatch, providers: list[TracerProvider]
) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
    monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.25")
    exporter = InMemorySpanExporter()
    providers.append(build_tracer_provider(Resource.create({}), exporter))
    tracer = providers[0].get_tracer("test")
    roots = 2000
    for _ in range(roots):
        with tracer.start_as_current_span("root"), tracer.start_as_current_span("child"):
            pass
    names = [span.name for span in exporter.get_finished_spans()]
    # A trace is kept or dropped whole: a child only under a kept root. The share is a property of
    # random trace ids (binomial, 2000 draws): far outside these bounds means the ratio is ignored.
    assert names.count("child") == names.count("root")
    assert 0.15 * roots < names.count("root") < 0.35 * roots
