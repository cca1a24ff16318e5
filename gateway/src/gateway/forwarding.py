"""Forwarding to the services over one shared httpx client: explicit limits and timeouts, bodies
streamed both ways, transport errors as `ForwardingFailed` (502/504/503 problems in gateway.problems),
retries for idempotent methods only, and a circuit breaker per upstream that opens on the rate of
failures that say the upstream cannot answer (gateway.breaker; which answers count: upstream_failed).

Spans: the httpx instrumentation would record the full upstream URL, and our paths hold patient
identifiers; each call gets its own CLIENT span named after the route template instead.
"""

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

import httpx
from opentelemetry import propagate, trace
from opentelemetry.instrumentation.utils import suppress_http_instrumentation

from gateway.breaker import BreakerPolicy, BreakerState, CircuitBreaker, CircuitOpen
from gateway.domain.habilitations import Upstream
from gateway.metrics import outcome_class, upstream_duration, watch_circuits
from gateway.settings import Settings
from gateway.upstream_network import asyncio_transport

log = logging.getLogger("gateway.forwarding")
tracer = trace.get_tracer("dentalink.gateway")

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
# Only these request headers reach a service; credentials (Authorization, the PSC token, cookies)
# never do: the service gets the internal token instead.
FORWARDED_REQUEST_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "content-type",
        "content-encoding",
        "content-length",
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "prefer",
        "idempotency-key",
    }
)
# Set by the gateway itself on the way back.
DROPPED_RESPONSE_HEADERS = HOP_BY_HOP | {"server", "date", "x-request-id"}
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({502, 503, 504})
PROBLEM_JSON = "application/problem+json"


class BodyTooLarge(Exception):
    """The request body went over the configured limit while it was being read."""


class ForwardingFailed(Exception):
    """The call could not be forwarded, or got no answer."""

    def __init__(self, upstream: Upstream) -> None:
        super().__init__(f"forwarding to {upstream} failed")
        self.upstream = upstream


class UpstreamTimeout(ForwardingFailed):
    """The service did not answer in time."""


class UpstreamUnreachable(ForwardingFailed):
    """The service could not be reached, or broke the connection."""


class UpstreamPaused(ForwardingFailed):
    """The service's circuit is open: calls fail fast for `retry_after` seconds."""

    def __init__(self, upstream: Upstream, retry_after: int) -> None:
        super().__init__(upstream)
        self.retry_after = retry_after


class GatewayBusy(ForwardingFailed):
    """The gateway's own connection pool is saturated (says nothing about the service)."""


def request_headers(incoming: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    headers = {name: value for name, value in incoming.items() if name.lower() in FORWARDED_REQUEST_HEADERS}
    return headers | dict(extra)


def response_headers(upstream: httpx.Headers) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in upstream.multi_items()
        if name.lower() not in DROPPED_RESPONSE_HEADERS
    ]


def client_for(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one client of the process (created in the lifespan, closed at shutdown), its connections
    on asyncio streams (gateway.upstream_network says why)."""
    limits = httpx.Limits(
        max_connections=settings.upstream_max_connections,
        max_keepalive_connections=settings.upstream_max_keepalive_connections,
        keepalive_expiry=30.0,
    )
    return httpx.AsyncClient(
        transport=transport if transport is not None else asyncio_transport(limits),
        timeout=httpx.Timeout(
            connect=settings.upstream_connect_timeout,
            read=settings.upstream_read_timeout,
            write=settings.upstream_write_timeout,
            pool=settings.upstream_pool_timeout,
        ),
        follow_redirects=False,
        trust_env=False,
    )


def upstream_bases(settings: Settings) -> dict[Upstream, str]:
    return {
        Upstream.INS: settings.ins_url,
        Upstream.VITALE: settings.vitale_url,
        Upstream.DMP: settings.dmp_url,
        Upstream.TELEMED: settings.telemed_url,
        Upstream.BILLING: settings.billing_url,
        Upstream.WEBHOOK: settings.webhook_url,
    }


def upstream_failed(response: httpx.Response) -> bool:
    """Whether an answer says the upstream itself cannot answer, for its circuit breaker: a 502, 503
    or 504 that is not one of the services' problem documents (a proxy's or a server's own answer in
    front of a service that is down or overloaded). Transport errors and timeouts count too (in
    `Forwarder.send`); nothing else does:

    - 4xx answers are caused by the request: they prove the service is alive, so they count as
      successes.
    - A 500 does not count either. It is the answer of a live service's own code to *this* request
      (PostgreSQL refusing a NUL character in one client's text was one), so counting it would let
      one client's bad requests pause the service for every client. A service that answers 500 to
      everything still answers fast, which is all the breaker protects: it costs the gateway no
      waiting connections; the 500s show in the HTTP metrics and traces, and the service logs them.
    - A 502/503/504 problem document (ins's `insi-unavailable`, vitale's `adri-unavailable`) is a
      live service saying a dependency of its own is down: counting it would pause all the
      service's traffic over one outside outage.
    """
    if response.status_code not in RETRYABLE_STATUSES:
        return False
    media_type: str = response.headers.get("content-type", "")
    return media_type.split(";", 1)[0].strip().lower() != PROBLEM_JSON


def _caused_by_body_limit(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, BodyTooLarge):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_failure(upstream: Upstream, error: httpx.HTTPError) -> ForwardingFailed:
    if isinstance(error, httpx.TimeoutException):
        return UpstreamTimeout(upstream)
    return UpstreamUnreachable(upstream)


@dataclass
class Forwarder:
    client: httpx.AsyncClient
    bases: Mapping[Upstream, str]
    retries: int = 2
    backoff_seconds: float = 0.05
    breaker_policy: BreakerPolicy = field(default_factory=BreakerPolicy)
    breakers: dict[Upstream, CircuitBreaker] = field(default_factory=dict)

    _watchers: dict[Upstream, asyncio.Task[None]] = field(default_factory=dict)
    readiness_interval_seconds: float = 1.0

    def __post_init__(self) -> None:
        watch_circuits(self)

    def circuit_states(self) -> dict[str, BreakerState]:
        """The state of every upstream's circuit."""
        return {str(upstream): self.breaker(upstream).state for upstream in self.bases}

    def _watch_readiness(self, upstream: Upstream) -> None:
        """While the upstream's circuit is open, ask its `/ready` every second and half-open the
        circuit as soon as it answers 200 (one task per upstream)."""
        running = self._watchers.get(upstream)
        if running is None or running.done():
            self._watchers[upstream] = asyncio.create_task(
                self._poll_readiness(upstream), name=f"readiness-{upstream}"
            )

    async def close(self) -> None:
        """Stop the readiness watches (the HTTP client closes after this)."""
        for task in self._watchers.values():
            task.cancel()
        await asyncio.gather(*self._watchers.values(), return_exceptions=True)
        self._watchers.clear()

    async def _poll_readiness(self, upstream: Upstream) -> None:
        breaker = self.breaker(upstream)
        while breaker.state is BreakerState.OPEN:
            try:
                with suppress_http_instrumentation():
                    answer = await self.client.get(self.bases[upstream] + "/ready", timeout=1.0)
                if answer.status_code == 200:
                    breaker.upstream_ready()
                    return
            except httpx.HTTPError:
                pass  # still away
            await asyncio.sleep(self.readiness_interval_seconds)

    def breaker(self, upstream: Upstream) -> CircuitBreaker:
        if upstream not in self.breakers:
            self.breakers[upstream] = CircuitBreaker(str(upstream), self.breaker_policy)
        return self.breakers[upstream]

    async def send(
        self,
        upstream: Upstream,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes | AsyncIterator[bytes] | None,
        *,
        route: str,
    ) -> httpx.Response:
        """The upstream's response, still streaming (the caller closes it); ForwardingFailed when
        there is none."""
        replayable = not isinstance(body, AsyncIterator)
        attempts = 1 + (self.retries if method in IDEMPOTENT_METHODS and replayable else 0)
        breaker = self.breaker(upstream)
        with tracer.start_as_current_span(
            f"{method} {route}",
            kind=trace.SpanKind.CLIENT,
            attributes={
                "dentalink.upstream": str(upstream),
                "http.request.method": method,
                "http.route": route,
            },
        ) as span:
            outgoing = dict(headers)
            propagate.inject(outgoing)
            for attempt in range(attempts):
                last = attempt == attempts - 1
                try:
                    permit = breaker.permit()
                except CircuitOpen as error:
                    self._watch_readiness(upstream)
                    raise UpstreamPaused(upstream, int(error.retry_after)) from None
                request = self.client.build_request(
                    method, self.bases[upstream] + target, headers=outgoing, content=body
                )
                sent_at = time.perf_counter()
                try:
                    with suppress_http_instrumentation():
                        response = await self.client.send(request, stream=True)
                except httpx.PoolTimeout as error:
                    permit.release()  # our own saturation says nothing about the upstream
                    raise GatewayBusy(upstream) from error
                except httpx.HTTPError as error:
                    if _caused_by_body_limit(error):
                        permit.release()
                        raise BodyTooLarge() from error
                    permit.failed()
                    outcome = "timeout" if isinstance(error, httpx.TimeoutException) else "unreachable"
                    upstream_duration.record(
                        time.perf_counter() - sent_at, {"upstream": str(upstream), "outcome": outcome}
                    )
                    log.warning(
                        "upstream call failed",
                        extra={
                            "upstream": str(upstream),
                            "error_type": type(error).__name__,
                            "attempt": attempt,
                        },
                    )
                    if last:
                        span.set_attribute("error.type", type(error).__name__)
                        raise _transport_failure(upstream, error) from error
                    await self._pause(attempt)
                    continue
                except BaseException:
                    permit.release()
                    raise
                upstream_duration.record(
                    time.perf_counter() - sent_at,
                    {"upstream": str(upstream), "outcome": outcome_class(response.status_code)},
                )
                if upstream_failed(response):
                    permit.failed()
                else:
                    permit.succeeded()
                if response.status_code in RETRYABLE_STATUSES and not last:
                    await response.aclose()
                    await self._pause(attempt)
                    continue
                span.set_attribute("http.response.status_code", response.status_code)
                return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _pause(self, attempt: int) -> None:
        # Exponential backoff with jitter, so retries of many callers do not arrive together.
        await asyncio.sleep(self.backoff_seconds * (2**attempt) * (0.5 + random.random()))  # noqa: S311
