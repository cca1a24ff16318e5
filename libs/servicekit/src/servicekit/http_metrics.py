"""HTTP server request durations per route template, as the stable OpenTelemetry HTTP semantic
conventions name them: `http.server.request.duration` in seconds with `http.request.method`,
`http.route` and `http.response.status_code` (Prometheus: `http_server_request_duration_seconds`).

Every label value comes from the server, never from the client: the route template rather than the
path (a path holds an INS), `_OTHER` for a method outside the standard ones, no host or target. The
FastAPI instrumentation's own metrics (old conventions, milliseconds, `http_target`/`http_host`) are
turned off where the app is built.
"""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.telemetry import RouteLabel, meter, route_template

# RFC 9110 methods and PATCH (semantic conventions: anything else is `_OTHER`).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
# The boundaries the semantic conventions advise for http.server.request.duration.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
# Probes and scrapes are not traffic: they would dilute the availability and latency SLOs.
OPERATIONS_PATHS = frozenset({"/health", "/ready", "/metrics"})

request_duration = meter.create_histogram(
    "http.server.request.duration",
    unit="s",
    description="Duration of HTTP server requests, by method, route template and status code",
    explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
)


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "_OTHER"


class HttpServerMetrics:
    """ASGI middleware recording each request's duration once its answer has been sent (or failed)."""

    def __init__(self, app: ASGIApp, label: RouteLabel | None = None) -> None:
        self.app = app
        self.label = label

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in OPERATIONS_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app dies before answering

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            request_duration.record(
                time.perf_counter() - started,
                {
                    "http.request.method": method_label(str(scope.get("method", ""))),
                    "http.route": route_template(scope, self.label),
                    "http.response.status_code": status,
                },
            )
