"""Test support for the gateway: stub upstream services on real sockets, a server runner."""

import asyncio
import contextlib
import hashlib
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from gateway.settings import Settings
from servicekit.auth import Caller, InternalTokenVerifier
from servicekit.problems import install_problem_handlers
from servicekit.testing import GatewayKeys, unique_group

KEYS = GatewayKeys.generate()
MAX_BODY = 2_000_000  # small, so 413 is cheap to reach


UPSTREAMS = ("ins", "vitale", "dmp", "telemed", "billing")
RECORDED_HEADERS = (
    "authorization",
    "x-pro-sante-connect-token",
    "x-practice-id",
    "x-request-id",
    "traceparent",
    "idempotency-key",
    "cookie",
    "content-type",
    "x-forwarded-for",
)


@dataclass
class StubCalls:
    """What one stub service received."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def to(self, path: str) -> list[dict[str, Any]]:
        return [call for call in self.calls if call["path"] == path]


def stub_service(name: str, public_pem: str) -> tuple[FastAPI, StubCalls]:
    """A service that accepts only the gateway's internal token and echoes what it received.

    Query parameters drive it: `stub_status`, `stub_delay` (seconds), `stub_bytes` (a streamed body).
    """
    app = FastAPI()
    app.state.token_verifier = InternalTokenVerifier(
        public_pem, issuer="dentalink-gateway", audience="dentalink-services"
    )
    install_problem_handlers(app)
    record = StubCalls()

    @app.api_route("/v1/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(path: str, request: Request, caller: Caller) -> Response:
        digest, size = hashlib.sha256(), 0
        async for chunk in request.stream():
            digest.update(chunk)
            size += len(chunk)
        query = request.query_params
        call = {
            "upstream": name,
            "method": request.method,
            "path": request.url.path,
            "query": str(request.url.query),
            "headers": {h: request.headers[h] for h in RECORDED_HEADERS if h in request.headers},
            "caller": caller.model_dump(mode="json"),
            "body_sha256": digest.hexdigest(),
            "body_size": size,
        }
        record.calls.append(call)
        if "stub_delay" in query:
            await asyncio.sleep(float(query["stub_delay"]))
        status = int(query.get("stub_status", 201 if request.method == "POST" else 200))
        if "stub_bytes" in query:
            total = int(query["stub_bytes"])

            async def chunks() -> AsyncIterator[bytes]:
                sent = 0
                while sent < total:
                    piece = min(65536, total - sent)
                    yield bytes([sent % 251]) * piece
                    sent += piece

            return StreamingResponse(chunks(), status_code=status, media_type="application/octet-stream")
        body = {"id": str(uuid.uuid4()), **call}
        return JSONResponse(body, status_code=status, headers={"X-Request-Id": "from-upstream"})

    return app, record


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serve(app: Any, port: int | None = None, *, lifespan: str = "on") -> AsyncIterator[str]:
    """Run an ASGI app on a real socket in this event loop; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan=lifespan, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[assignment,method-assign]
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(900):
            if server.started or task.done():
                break
            await asyncio.sleep(0.1)
        if not server.started:
            raise RuntimeError("server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=30)


def gateway_settings(database_url: str, urls: dict[str, str], keys_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "internal_token_private_key": KEYS.private.as_pem(private=True).decode(),
        "access_token_keys_dir": str(keys_dir),
        **{f"{name}_url": url for name, url in urls.items()},
        "upstream_read_timeout": 1.0,
        "upstream_retries": 2,
        "upstream_retry_backoff_seconds": 0.01,
        "breaker_failure_threshold": 1000,
        "max_body_bytes": MAX_BODY,
        "rate_limit": "10000/minute",
        "consumer_group_suffix": "-" + unique_group("gw"),
        "outbox_safety_poll_seconds": 5.0,
    }
    return Settings(**(values | overrides))
