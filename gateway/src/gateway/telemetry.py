"""Server spans without personal data: the instrumentation records the raw path and query, and our
paths and queries can hold an INS. The hook replaces them with the route template."""

from typing import Any

from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.trace import Span

from gateway.domain.habilitations import route_label

_PATH_ATTRIBUTES = ("http.target", "url.path", "http.url", "url.full")
_QUERY_ATTRIBUTES = ("url.query",)


def scrub_server_span(span: Span, scope: dict[str, Any]) -> None:
    if not span.is_recording() or scope.get("type") != "http":
        return
    method = str(scope.get("method", ""))
    label = route_label(method, str(scope.get("path", "")))
    span.update_name(f"{method} {label}")
    for attribute in _PATH_ATTRIBUTES:
        span.set_attribute(attribute, label)
    for attribute in _QUERY_ATTRIBUTES:
        span.set_attribute(attribute, "")
    span.set_attribute("http.route", label)


def instrument(app: FastAPI) -> None:
    """Replace servicekit's default instrumentation of the app by one that scrubs paths."""
    FastAPIInstrumentor.uninstrument_app(app)
    FastAPIInstrumentor.instrument_app(
        app,
        excluded_urls="health,ready,metrics",
        server_request_hook=scrub_server_span,
        exclude_spans=["receive", "send"],
    )
    # uninstrument_app built the stack without instrumentation: have it rebuilt on first use.
    app.middleware_stack = None
