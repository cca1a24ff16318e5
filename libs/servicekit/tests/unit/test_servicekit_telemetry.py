"""Spans keep error types but never error texts: a database error quotes the row it refused."""

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Status, StatusCode

from servicekit.telemetry import ErrorTextScrubber

NIR = "295109912611193"


def test_error_texts_are_dropped_before_any_exporter_sees_them():
    provider = TracerProvider()
    provider.add_span_processor(ErrorTextScrubber())
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with provider.get_tracer("test").start_as_current_span("INSERT identities") as span:
        error = ValueError(f"DETAIL: Key (practice_id, matricule)=(cab-a, {NIR}) already exists.")
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, str(error)))
    (exported,) = exporter.get_finished_spans()
    assert exported.status.status_code is StatusCode.ERROR
    assert exported.status.description is None
    assert [dict(event.attributes or {}).get("exception.type") for event in exported.events] == ["ValueError"]
    assert NIR not in repr([dict(event.attributes or {}) for event in exported.events])


def test_a_requests_route_template_is_worked_out_once_for_its_span_and_its_metric() -> None:
    from servicekit.telemetry import route_template

    asked: list[str] = []

    def label(method: str, path: str) -> str:
        asked.append(path)
        return "/v1/identities/{identity_id}"

    scope = {"type": "http", "method": "GET", "path": "/v1/identities/42"}
    assert route_template(scope, label) == route_template(scope, label) == "/v1/identities/{identity_id}"
    assert asked == ["/v1/identities/42"]
    assert route_template({"type": "http"}, None) == "unmatched"
