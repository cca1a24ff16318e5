"""The gateway's OpenAPI: what its own routes document (tags, problem answers, the API description)
and the merged public document it serves at /openapi.json (and so in /docs).

The merged document (the gateway's routes plus every service's `/v1` routes, annotated with the
habilitation of each operation) is built at `make contracts` time by `tools/openapi_merge.py` and
committed as package data of dentalink_contracts (`contracts/openapi.json` is the same file). The
gateway serves those bytes as they are: it never builds, nor imports, a service.
"""

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.requests import Request
from starlette.routing import Route

from gateway.adapters.psc import PSC_HEADER
from gateway.domain.calls import ACTING_ROLE_HEADER, PRACTICE_HEADER, REQUEST_ID_HEADER
from gateway.domain.path_index import PathIndex
from servicekit.problems import problem_responses as _problem_responses

DOCUMENT_PACKAGE = "dentalink_contracts"
DOCUMENT_NAME = "openapi.json"

TAGS = [
    {"name": "oauth", "description": "OAuth2 client credentials for vendor software."},
    {"name": "practices", "description": "A practice's roster: who works there, with which roles."},
    {"name": "audit", "description": "The audit trail of every call touching patient data."},
    {"name": "sandbox", "description": "Fictitious professionals and patients for integration tests."},
]

DESCRIPTIONS = {
    400: "Malformed request (problem+json).",
    401: "Missing, invalid or expired access token or Pro Santé Connect token.",
    403: "Scope or habilitation (role) does not allow this operation.",
    404: "Not found, or not visible to this client / practice.",
    405: "Method not allowed on this route.",
    409: "Conflict with the current state (or the same Idempotency-Key is in flight).",
    413: "Request body too large.",
    422: "Invalid fields (listed), or an Idempotency-Key reused for another request.",
    429: "Rate limit reached: retry after `Retry-After` seconds.",
    502: "A service behind the gateway failed.",
    503: "A service is unavailable (circuit open): retry after `Retry-After` seconds.",
    504: "A service did not answer in time.",
}

API_DESCRIPTION = f"""\
Dentalink's public API for dental practice software: national health identity (INS), e-carte Vitale
(apCV) sessions, the patient's shared record (DMP / Mon espace santé), dental tele-expertise and its
billing. Everything goes through this gateway.

## Authentication, on every call
1. **The software** — OAuth2 client credentials (RFC 6749 §4.4): `POST /v1/oauth/token` with HTTP
   Basic (or `client_id`/`client_secret` form fields), then `Authorization: Bearer <access_token>`.
   Tokens are ES256 JWTs valid a few minutes; their keys are at `/.well-known/jwks.json`.
2. **The health professional** — a Pro Santé Connect OpenID Connect ID token in `{PSC_HEADER}`,
   verified against the issuer's keys (signature, issuer, audience, expiry, a lifetime of at most one
   hour) and bound to the calling client: its `azp` names your client id (without `azp`, its `aud`
   lists it), otherwise 401. The RPPS (11 digits, Luhn key), profession and specialty are read from
   it. In the sandbox, mint one with `POST /v1/sandbox/psc-tokens`.
3. **The practice** — `{PRACTICE_HEADER}`: one of the practices the client is registered for (another
   one answers 404). The professional's role there comes from the practice's roster
   (`/v1/practices/{{practice_id}}/members`, managed by the practice admin). A member holding several
   roles may pick one with `{ACTING_ROLE_HEADER}`; otherwise the first allowed one is used.

Each operation below states the roles and the scope it needs (**least privilege**).

## Conventions
- Errors are `application/problem+json` (RFC 9457) with a stable `type` per kind; no personal data.
- `Idempotency-Key` on creating POSTs: a creation's answer (201) is stored (1 h by default) and
  replayed with `Idempotent-Replayed: true`; the same key with another request is 422; while the
  first is running, 409. Any other answer is not stored (the request is forwarded again on retry).
- Rate limits per client: 429 with `Retry-After`. Request bodies over the limit: 413.
- `{REQUEST_ID_HEADER}` is propagated to the services and returned on every answer.
- Lists use cursor pagination (`limit`, `cursor` → `next_cursor`).
- Every call touching patient data is written to the practice's audit trail (`GET /v1/audit-events`).
"""


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of the error statuses a gateway route answers."""
    return _problem_responses(DESCRIPTIONS, *statuses)


@cache
def committed_document() -> bytes:
    """The merged public document, as committed (read once, on first use)."""
    return files(DOCUMENT_PACKAGE).joinpath(DOCUMENT_NAME).read_bytes()


@cache
def _documented_operations() -> tuple[tuple[re.Pattern[str], str, frozenset[str]], ...]:
    """Each path of the committed document as a pattern, with its template and the methods it
    documents; literal paths first (`/v1/identities/search` before `/v1/identities/{identity_id}`)."""
    paths: dict[str, Any] = json.loads(committed_document())["paths"]
    documented = []
    for template, item in sorted(paths.items(), key=lambda entry: (entry[0].count("{"), entry[0])):
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
        methods = {method.upper() for method in item if method.upper() in _HTTP_METHODS}
        if "GET" in methods:
            methods.add("HEAD")
        documented.append((pattern, template, frozenset(methods)))
    return tuple(documented)


@cache
def _operations_by_root() -> PathIndex[tuple[re.Pattern[str], str, frozenset[str]]]:
    return PathIndex((operation[1], operation) for operation in _documented_operations())


def public_operation(method: str, path: str) -> str:
    """The public document's template of a request (`/v1/identities/{identity_id}`), the name of the
    operation in spans and metrics: never a value from the path. Off the document: `/v1/{unmatched}`
    under /v1, `{other}` elsewhere."""
    fallback = None
    for pattern, template, methods in _operations_by_root().candidates(path):
        if pattern.match(path):
            if method in methods:
                return template
            fallback = fallback or template
    if fallback is not None:
        return fallback  # a method the path does not document (answered 405): still its operation
    return "/v1/{unmatched}" if path.startswith("/v1/") else "{other}"


_HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def documented_methods(path: str) -> frozenset[str]:
    """The methods the public document lists for a request path (empty: a path it does not list)."""
    methods: set[str] = set()
    for pattern, _, listed in _operations_by_root().candidates(path):
        if pattern.match(path):
            methods |= listed
    return frozenset(methods)


def serve_committed_document(app: FastAPI) -> None:
    """/openapi.json answers the committed bytes, and `app.openapi()` (hence /docs) the same document."""

    async def openapi_json(_: Request) -> Response:
        return Response(committed_document(), media_type="application/json")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = json.loads(committed_document())
        return app.openapi_schema

    # FastAPI's documented way of replacing the schema it generates.
    app.openapi = openapi  # type: ignore[method-assign]
    routes = app.router.routes
    for index, route in enumerate(routes):
        if isinstance(route, Route) and route.path == app.openapi_url:
            routes[index] = Route(route.path, openapi_json, include_in_schema=False)
