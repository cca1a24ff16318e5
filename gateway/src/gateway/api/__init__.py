"""The gateway's HTTP surface: its own routes (OAuth2, rosters, audit trail, sandbox), the proxy to
the services, the outermost request guard and the committed OpenAPI document.

Thin: each route parses the request, calls one workflow and shapes the answer; errors become
problem+json answers in gateway.problems.
"""

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from gateway import problems
from gateway.api import audit, guide, oauth, proxy, roster, sandbox, sandbox_reset
from gateway.api.openapi import serve_committed_document
from gateway.context import serves_sandbox
from gateway.forwarding import BodyTooLarge
from gateway.guard import RequestGuard, too_large
from gateway.settings import Settings


def routers(settings: Settings) -> list[APIRouter]:
    """In order: the gateway's own routes, then the catch-all proxy."""
    own = [oauth.router, roster.router, audit.router, *([sandbox.router] if serves_sandbox(settings) else [])]
    own += [guide.router]  # /docs/guide, beside servicekit's /docs
    own += [sandbox_reset.router] if settings.sandbox_enabled else []
    return [*own, proxy.router]


def install(app: FastAPI, settings: Settings) -> None:
    """What the gateway adds to servicekit's app: its problems, the request guard (request ids, size
    limit, malformed targets) and the merged OpenAPI document."""
    problems.install(app)

    async def body_too_large(_: Request, __: Exception) -> JSONResponse:
        response: JSONResponse = too_large(settings.max_body_bytes)
        return response

    app.add_exception_handler(BodyTooLarge, body_too_large)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    serve_committed_document(app)
