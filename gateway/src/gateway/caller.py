"""Who is calling: the vendor client (OAuth2 access token), the professional (Pro Santé Connect ID
token), the practice (X-Practice-Id, one the client is registered for) and the role the professional
holds there (the practice's roster), checked against the habilitation matrix.

Order of the checks, and their answers: access token (401) → scope (403) → practice header (400)
→ client still active (401) → rate limit (429, counting every call of the client) → professional
token (401) → practice registered for the client (404, never 403: another practice's existence is
not confirmed) → roster role (403).
"""

import re
import uuid
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from dentalink_contracts.values import Role
from gateway.access_tokens import ClientToken, InvalidAccessToken
from gateway.adapters.psc import PSC_HEADER, InvalidProfessionalToken, PscKeysUnavailable
from gateway.domain.habilitations import MethodNotAllowed, RouteMatch, RouteNotFound, resolve
from gateway.domain.roles import RoleRefused, acting_role
from gateway.models import ApiClient, ClientPractice, PracticeMember
from gateway.ratelimit import RateLimited
from gateway.wiring import Gateway, gateway_of
from servicekit.auth import CallerContext, Professional
from servicekit.problems import ProblemError

PRACTICE_HEADER = "X-Practice-Id"
ACTING_ROLE_HEADER = "X-Acting-Role"
REQUEST_ID_HEADER = "X-Request-Id"
_BEARER = re.compile(r"^Bearer +([A-Za-z0-9._~+/-]+=*) *$", re.IGNORECASE)
_PRACTICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ROLE_VALUES = frozenset(role.value for role in Role)
PSC_CHALLENGE = f'ProSanteConnect header="{PSC_HEADER}"'


@dataclass(frozen=True)
class Call:
    """An authenticated call. `refusal` is set when the caller is known but may not do this."""

    match: RouteMatch
    client: ClientToken
    request_id: str
    practice_id: str | None = None
    professional: Professional | None = None
    role: Role | None = None
    refusal: ProblemError | None = None

    def caller_context(self) -> CallerContext:
        assert self.practice_id is not None and self.professional is not None and self.role is not None
        return CallerContext(
            client_id=self.client.client_id,
            practice_id=self.practice_id,
            professional=self.professional,
            role=self.role,
            request_id=self.request_id,
        )


@dataclass(frozen=True)
class Standing:
    """What the database says about a client, a practice and a professional, in one query."""

    disabled: bool
    rate_limit: str | None
    practice_registered: bool
    roles: tuple[Role, ...]


def request_id_of(request: Request) -> str:
    value = getattr(request.state, "request_id", None)
    return value if isinstance(value, str) else str(uuid.uuid4())


def unauthenticated(kind: str, detail: str, challenge: str) -> ProblemError:
    return ProblemError(
        401, kind, "Authentication required.", detail, headers={"WWW-Authenticate": challenge}
    )


def client_token(request: Request, gateway: Gateway) -> ClientToken:
    """The verified OAuth2 access token of the request (RFC 6750 §2.1, Authorization: Bearer)."""
    header = request.headers.get("authorization")
    if header is None:
        raise unauthenticated(
            "unauthenticated",
            "An OAuth2 access token is required (Authorization: Bearer).",
            'Bearer realm="dentalink"',
        )
    found = _BEARER.match(header)
    try:
        if found is None:
            raise InvalidAccessToken("not a bearer token")
        return gateway.tokens.verify(found.group(1), now=gateway.clock().timestamp())
    except InvalidAccessToken:
        raise unauthenticated(
            "invalid-token",
            "The access token is invalid or expired: request a new one.",
            'Bearer realm="dentalink", error="invalid_token"',
        ) from None


def require_scope(token: ClientToken, scope: str) -> None:
    if scope not in token.scopes:
        raise ProblemError(
            403,
            "insufficient-scope",
            "The access token lacks the scope this operation needs.",
            f"Required scope: {scope}.",
            headers={
                "WWW-Authenticate": f'Bearer realm="dentalink", error="insufficient_scope", scope="{scope}"'
            },
        )


def practice_header(request: Request) -> str:
    value = request.headers.get(PRACTICE_HEADER)
    if value is None:
        raise ProblemError(
            400, "practice-required", "The practice is missing.", f"Send the {PRACTICE_HEADER} header."
        )
    if not _PRACTICE_ID.match(value):
        raise ProblemError(
            400, "invalid-practice-id", "The practice id is malformed.", f"See {PRACTICE_HEADER}."
        )
    return value


def requested_role(request: Request) -> Role | None:
    value = request.headers.get(ACTING_ROLE_HEADER)
    if value is None:
        return None
    try:
        return Role(value)
    except ValueError:
        raise ProblemError(
            400, "invalid-acting-role", "The acting role is not a known role.", f"See {ACTING_ROLE_HEADER}."
        ) from None


async def load_standing(
    session: AsyncSession, client_id: str, practice_id: str | None, rpps: str | None
) -> Standing | None:
    registered = exists().where(
        col(ClientPractice.client_id) == col(ApiClient.client_id),
        col(ClientPractice.practice_id) == (practice_id or ""),
    )
    roles = (
        select(col(PracticeMember.roles))
        .where(
            col(PracticeMember.practice_id) == (practice_id or ""), col(PracticeMember.rpps) == (rpps or "")
        )
        .scalar_subquery()
    )
    row = (
        await session.execute(
            select(col(ApiClient.disabled_at), col(ApiClient.rate_limit), registered, roles).where(
                col(ApiClient.client_id) == client_id
            )
        )
    ).first()
    if row is None:
        return None
    disabled_at, rate_limit, is_registered, held = row
    known = tuple(Role(role) for role in (held or []) if role in _ROLE_VALUES)
    return Standing(disabled_at is not None, rate_limit, bool(is_registered), known)


async def professional_of(request: Request, gateway: Gateway) -> Professional:
    try:
        return await gateway.psc.verify(request.headers.get(PSC_HEADER), now=gateway.clock().timestamp())
    except InvalidProfessionalToken as error:
        raise unauthenticated("invalid-professional-token", error.detail, PSC_CHALLENGE) from None
    except PscKeysUnavailable:
        raise ProblemError(
            503, "psc-unavailable", "Pro Santé Connect is unreachable.", headers={"Retry-After": "5"}
        ) from None


async def _rate_limit(gateway: Gateway, client_id: str, own_limit: str | None) -> None:
    limit = own_limit or gateway.settings.rate_limit
    try:
        await gateway.limiter.hit("client", client_id, limit)
    except RateLimited as error:
        raise ProblemError(
            429,
            "rate-limited",
            "Too many requests.",
            f"This client's limit is {limit}.",
            headers={"Retry-After": str(error.retry_after)},
        ) from None


async def authorize(request: Request, gateway: Gateway, match: RouteMatch) -> Call:
    """Authenticate the call and decide its habilitation (raises, or returns with `refusal` set)."""
    rule = match.rule
    token = client_token(request, gateway)
    require_scope(token, rule.scope)
    call = Call(match=match, client=token, request_id=request_id_of(request))
    practice_id = practice_header(request) if rule.professional else None
    requested = requested_role(request) if rule.professional else None
    professional: Professional | None = None
    refused_professional: ProblemError | None = None
    if rule.professional:
        try:
            professional = await professional_of(request, gateway)
        except ProblemError as error:
            refused_professional = error  # raised after the rate limit: failed calls count too
    async with gateway.database.transaction() as session:
        standing = await load_standing(
            session, token.client_id, practice_id, professional.rpps if professional else None
        )
    if standing is None or standing.disabled:
        raise unauthenticated(
            "invalid-token", "This client is not active.", 'Bearer realm="dentalink", error="invalid_token"'
        )
    await _rate_limit(gateway, token.client_id, standing.rate_limit)
    if refused_professional is not None:
        raise refused_professional
    if practice_id is None or professional is None:
        return call
    if not standing.practice_registered:
        raise ProblemError(404, "practice-not-found", "No such practice for this client.")
    call = replace(call, practice_id=practice_id, professional=professional)
    try:
        role = acting_role(standing.roles, rule.roles, professional, requested)
    except RoleRefused as refused:
        return replace(
            call, refusal=ProblemError(403, refused.reason, "This operation is not allowed.", refused.detail)
        )
    return replace(call, role=role)


def match_of(request: Request) -> RouteMatch:
    try:
        return resolve(request.method, request.url.path)
    except RouteNotFound:
        raise ProblemError(404, "not-found", "No such route.") from None
    except MethodNotAllowed as error:
        raise ProblemError(
            405, "method-not-allowed", "Method not allowed.", headers={"Allow": ", ".join(error.allowed)}
        ) from None


async def gateway_call(request: Request) -> Call:
    """Dependency of the gateway's own routes: an authorised call (refusals raised)."""
    gateway = gateway_of(request)
    call = await authorize(request, gateway, match_of(request))
    if call.refusal is not None:
        raise call.refusal
    return call


GatewayCall = Annotated[Call, Depends(gateway_call)]
