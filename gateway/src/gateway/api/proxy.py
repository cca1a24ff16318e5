"""The public API's routes served by the six services: authenticate, authorise, trace, forward.

For each call: match the habilitation rule (404/405), authenticate client and professional and pick
the role (gateway.workflows.calls), write the audit row and claim the Idempotency-Key in one
committed transaction (gateway.workflows.exchanges), forward with a freshly minted internal token,
stream the answer back, then complete the audit row and store the answer for replays.
"""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import suppress

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.api.caller import authorized, match_of
from gateway.api.openapi import documented_methods
from gateway.context import Context, GatewayContext
from gateway.domain.audit import created_id, outcome_of
from gateway.domain.habilitations import MethodNotAllowed, RouteMatch, RouteNotFound, Upstream
from gateway.domain.idempotency import (
    Claim,
    Decision,
    HeldKey,
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    fingerprint,
    retry_after_seconds,
    storable,
    valid_key,
)
from gateway.forwarding import (
    BodyTooLarge,
    ForwardingFailed,
    UpstreamUnreachable,
    request_headers,
    response_headers,
)
from gateway.metrics import idempotent_replays
from gateway.problems import problem_of, route_not_found
from gateway.workflows.calls import Call
from gateway.workflows.exchanges import Answered, KeyedRequest, begin_exchange, complete_exchange
from servicekit.auth import INTERNAL_TOKEN_HEADER

log = logging.getLogger("gateway.proxy")
# OPTIONS and TRACE too, so that they get the 405 of the route's rule (its `Allow`), not the router's.
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
REPLAYED_HEADER = "Idempotent-Replayed"
_AUDIT_CAPTURE_BYTES = 64 * 1024
# Answers up to this size are read whole and sent in one message (they are nearly all of them).
WHOLE_BODY_BYTES = 256 * 1024
_background: set[asyncio.Task[None]] = set()

router = APIRouter()


def _target(request: Request) -> str:
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    path = raw_path.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return (length is not None and length != "0") or "transfer-encoding" in request.headers


def _with_headers(response: Response, headers: list[tuple[str, str]]) -> Response:
    """Set the upstream's headers, repeated ones included (a dict would merge them)."""
    names = {name.lower().encode("latin-1") for name, _ in headers}
    kept = [(k, v) for k, v in response.raw_headers if k == b"content-length" and k not in names]
    response.raw_headers = kept + [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    return response


async def _non_empty(stream: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for chunk in stream:
        if chunk:
            yield chunk


class Exchange:
    """One forwarded call's bookkeeping: its audit row and its idempotency key, completed once."""

    def __init__(
        self, context: GatewayContext, call: Call, key: HeldKey | None, audit_id: uuid.UUID | None
    ) -> None:
        self.context = context
        self.call = call
        self.key = key
        self.audit_id = audit_id
        self.done = False

    async def complete(
        self,
        status: int,
        outcome: str,
        *,
        headers: list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        resource_id: str | None = None,
    ) -> None:
        if self.done:
            return
        self.done = True
        await complete_exchange(
            self.context,
            self.call,
            Answered(status, outcome),
            audit_id=self.audit_id,
            key=self.key,
            headers=headers or [],
            body=body,
            resource_id=resource_id,
        )

    async def complete_shielded(
        self,
        status: int,
        outcome: str,
        *,
        headers: list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        resource_id: str | None = None,
    ) -> None:
        """Complete even if the request is being cancelled (client gone)."""
        work = self.complete(status, outcome, headers=headers, body=body, resource_id=resource_id)
        task = asyncio.ensure_future(work)
        _background.add(task)
        task.add_done_callback(_background.discard)
        with suppress(asyncio.CancelledError):
            await asyncio.shield(task)


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None or request.method != "POST":
        return None
    if not valid_key(key):
        raise problem_of(InvalidIdempotencyKey())
    return key


async def _settle_claim(exchange: Exchange, taken: Claim) -> Response:
    """Answer a request whose key was already used: replay, 409 or 422."""
    if taken.decision is Decision.REPLAY and taken.answer is not None:
        answer = taken.answer
        # The replay is another read of the same data: traced like any access, the key left as stored.
        idempotent_replays.add(1)
        exchange.key = None
        await exchange.complete(answer.status, outcome_of(answer.status))
        return _with_headers(
            Response(answer.body, answer.status), [*answer.headers, (REPLAYED_HEADER, "true")]
        )
    exchange.key = None
    refused: Exception = IdempotencyKeyReused()
    if taken.decision is Decision.IN_FLIGHT:
        refused = IdempotencyKeyInFlight(retry_after_seconds(taken.locked_until, exchange.context.clock()))
    problem = problem_of(refused)
    await exchange.complete(problem.status, problem.kind)
    raise problem


def _forwarded_match(request: Request, sandbox_enabled: bool) -> RouteMatch:
    """The rule of a call to forward. A method the public document does not list for the path is a
    405 naming those it lists (the gateway's own routes too); no rule, or a hidden one, a 404."""
    try:
        match: RouteMatch | None = match_of(request)
        refused: Exception | None = None
    except (RouteNotFound, MethodNotAllowed) as error:
        match, refused = None, error
    sandbox = request.url.path.startswith("/v1/sandbox/")
    if sandbox and not sandbox_enabled:
        raise route_not_found()
    documented = documented_methods(request.url.path)
    if documented and request.method not in documented:
        raise MethodNotAllowed(documented)
    if refused is not None:
        raise refused
    assert match is not None
    raw_path = (request.scope.get("raw_path") or b"").lower()
    if match.rule.upstream is Upstream.GATEWAY or b"%2f" in raw_path or b"%5c" in raw_path:
        raise route_not_found()
    return match


@router.api_route("/v1/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(request: Request, context: Context) -> Response:
    match = _forwarded_match(request, context.settings.sandbox_enabled)
    call = await authorized(request, context, match)
    refusal = problem_of(call.refusal) if call.refusal is not None else None
    key = _idempotency_key(request) if refusal is None else None
    body = await request.body() if key is not None else None
    keyed = None
    if key is not None:
        assert call.practice_id is not None and call.professional is not None
        keyed = KeyedRequest(
            key,
            fingerprint(
                request.method, _target(request), call.practice_id, call.professional.rpps, body or b""
            ),
        )
    begun = await begin_exchange(
        context,
        call,
        query=dict(request.query_params),
        keyed=keyed,
        refused=Answered(refusal.status, refusal.kind) if refusal is not None else None,
    )
    if refusal is not None:
        raise refusal
    claim = begun.claim
    if claim is not None and claim.decision is not Decision.PROCEED:
        return await _settle_claim(Exchange(context, call, None, begun.audit_id), claim)
    held = None
    if key is not None and claim is not None and claim.locked_until is not None:
        held = HeldKey(key, claim.locked_until)  # the lease this request holds
    return await _forward(context, Exchange(context, call, held, begun.audit_id), request, body)


async def _forward(
    context: GatewayContext, exchange: Exchange, request: Request, body: bytes | None
) -> Response:
    call, rule = exchange.call, exchange.call.match.rule
    token = context.internal_tokens.for_caller(call.caller_context(), now=context.clock().timestamp())
    extra = {
        INTERNAL_TOKEN_HEADER: token,
        "X-Request-Id": call.request_id,
        "X-Forwarded-Proto": request.url.scheme,
    }
    if request.client is not None:
        extra["X-Forwarded-For"] = request.client.host
    content: bytes | AsyncIterator[bytes] | None = body
    if content is None and _has_body(request):
        content = _non_empty(request.stream())
    try:
        upstream = await context.forwarder.send(
            rule.upstream,
            request.method,
            _target(request),
            request_headers(request.headers, extra),
            content,
            route=rule.template,
        )
    except ForwardingFailed as error:
        problem = problem_of(error)
        await exchange.complete(problem.status, problem.kind)
        raise problem from error
    except BodyTooLarge:
        await exchange.complete(413, "payload-too-large")
        raise
    except BaseException:
        await exchange.complete_shielded(499, "cancelled")
        raise
    return await _relay(exchange, upstream, request.method)


async def _relay(exchange: Exchange, upstream: httpx.Response, method: str) -> Response:
    """The upstream answer, passed back; the bookkeeping completed once its body is known."""
    length = upstream.headers.get("content-length", "")
    if length.isdigit() and int(length) <= WHOLE_BODY_BYTES:
        return await _relay_whole(exchange, upstream, method)
    return _relay_streamed(exchange, upstream, method)


def _bookkeeping(exchange: Exchange, upstream: httpx.Response, method: str) -> tuple[bool, bool, int]:
    """(keep the answer for replays, take the created resource's id from it, bytes to capture)."""
    rule = exchange.call.match.rule
    wants_id = rule.audit is not None and rule.audit.id_from_response and method == "POST"
    keep = exchange.key is not None and storable(upstream.status_code)
    limit = exchange.context.settings.idempotency_max_stored_bytes if keep else _AUDIT_CAPTURE_BYTES
    return keep, wants_id, limit


async def _relay_whole(exchange: Exchange, upstream: httpx.Response, method: str) -> Response:
    """A small answer (most are a few hundred bytes), read whole and sent as one: a streamed answer
    costs a task group, a generator and a message per chunk on both sides of the gateway."""
    rule = exchange.call.match.rule
    keep, wants_id, limit = _bookkeeping(exchange, upstream, method)
    headers = response_headers(upstream.headers)
    status = upstream.status_code
    try:
        body = await upstream.aread()
    except httpx.HTTPError as error:
        kind = type(error).__name__
        log.warning("upstream stream broke", extra={"upstream": str(rule.upstream), "error_type": kind})
        problem = problem_of(UpstreamUnreachable(rule.upstream))  # nothing was sent yet: a 502 problem
        await exchange.complete_shielded(problem.status, "upstream-stream-broken")
        raise problem from error
    except BaseException:
        await exchange.complete_shielded(499, "cancelled")
        raise
    finally:
        await upstream.aclose()
    whole = len(body) <= limit
    resource_id = created_id(body) if wants_id and status < 300 and whole else None
    await exchange.complete_shielded(
        status,
        outcome_of(status),
        headers=headers,
        body=body if keep and whole else None,
        resource_id=resource_id,
    )
    return _with_headers(Response(body, status_code=status), headers)


def _relay_streamed(exchange: Exchange, upstream: httpx.Response, method: str) -> Response:
    """Stream a large or unsized answer back; complete the bookkeeping once the last byte is sent."""
    rule = exchange.call.match.rule
    keep, wants_id, limit = _bookkeeping(exchange, upstream, method)
    headers = response_headers(upstream.headers)
    status = upstream.status_code

    async def body() -> AsyncIterator[bytes]:
        captured = bytearray()
        whole, broken = True, False
        try:
            async for chunk in upstream.aiter_raw():
                if (keep or wants_id) and whole:
                    if len(captured) + len(chunk) <= limit:
                        captured += chunk
                    else:
                        whole = False
                yield chunk
        except httpx.HTTPError as error:
            log.warning(
                "upstream stream broke",
                extra={"upstream": str(rule.upstream), "error_type": type(error).__name__},
            )
            whole, broken = False, True
            raise
        finally:
            await upstream.aclose()
            resource_id = created_id(bytes(captured)) if wants_id and status < 300 and whole else None
            await exchange.complete_shielded(
                status,
                "upstream-stream-broken" if broken else outcome_of(status),
                headers=headers,
                body=bytes(captured) if keep and whole else None,
                resource_id=resource_id,
            )

    response = StreamingResponse(body(), status_code=status, background=BackgroundTask(upstream.aclose))
    return _with_headers(response, headers)
