"""Who is calling: the vendor client (OAuth2 access token), the professional (Pro Santé Connect ID
token), the practice (one the client is registered for) and the role the professional holds there
(the practice's roster), checked against the habilitation matrix. The order of the checks is the one
gateway.domain.calls lists.
"""

from dataclasses import dataclass, replace

from dentalink_contracts.values import Role
from gateway.access_tokens import ClientToken
from gateway.adapters.psc import InvalidProfessionalToken, PscKeysUnavailable
from gateway.context import GatewayContext
from gateway.domain.calls import (
    ClientRateLimited,
    InactiveClient,
    PracticeNotFound,
    bearer_token,
    practice_of,
    requested_role_of,
    require_scope,
)
from gateway.domain.habilitations import RouteMatch
from gateway.domain.roles import RoleRefused, acting_role
from gateway.ratelimit import RateLimited
from servicekit.auth import CallerContext, Professional


@dataclass(frozen=True)
class Credentials:
    """What a request presents, as sent: nothing here is checked yet."""

    authorization: str | None
    professional_token: str | None
    practice: str | None
    acting_role: str | None
    request_id: str


@dataclass(frozen=True)
class Call:
    """An authenticated call. `refusal` is set when the caller is known but may not do this."""

    match: RouteMatch
    client: ClientToken
    request_id: str
    practice_id: str | None = None
    professional: Professional | None = None
    role: Role | None = None
    refusal: RoleRefused | None = None

    def caller_context(self) -> CallerContext:
        assert self.practice_id is not None and self.professional is not None and self.role is not None
        return CallerContext(
            client_id=self.client.client_id,
            practice_id=self.practice_id,
            professional=self.professional,
            role=self.role,
            request_id=self.request_id,
        )


async def _rate_limit(context: GatewayContext, client_id: str, own_limit: str | None) -> None:
    limit = own_limit or context.settings.rate_limit
    try:
        await context.limiter.hit("client", client_id, limit)
    except RateLimited as error:
        raise ClientRateLimited(limit, error.retry_after) from None


async def authorize(context: GatewayContext, match: RouteMatch, credentials: Credentials) -> Call:
    """Authenticate the call and decide its habilitation (raises, or returns with `refusal` set)."""
    rule = match.rule
    now = context.clock().timestamp()
    token = context.tokens.verify(bearer_token(credentials.authorization), now=now)
    require_scope(token.scopes, rule.scope)
    call = Call(match=match, client=token, request_id=credentials.request_id)
    practice_id = practice_of(credentials.practice) if rule.professional else None
    requested = requested_role_of(credentials.acting_role) if rule.professional else None
    professional: Professional | None = None
    refused_professional: InvalidProfessionalToken | PscKeysUnavailable | None = None
    if rule.professional:
        try:
            professional = await context.psc.verify(
                credentials.professional_token, client_id=token.client_id, now=context.clock().timestamp()
            )
        except (InvalidProfessionalToken, PscKeysUnavailable) as error:
            refused_professional = error  # raised after the rate limit: failed calls count too
    key = (token.client_id, practice_id, professional.rpps if professional else None)
    standing = context.standings.get(key, now)
    if standing is None:
        async with context.units_of_work() as uow:
            standing = await uow.store.standing(*key)
        if standing is not None:
            context.standings.put(key, standing, now)
    if standing is None or standing.disabled:
        raise InactiveClient()
    await _rate_limit(context, token.client_id, standing.rate_limit)
    if refused_professional is not None:
        raise refused_professional
    if practice_id is None or professional is None:
        return call
    if not standing.practice_registered:
        raise PracticeNotFound()
    call = replace(call, practice_id=practice_id, professional=professional)
    try:
        role = acting_role(standing.roles, rule.roles, professional, requested)
    except RoleRefused as refused:
        return replace(call, refusal=refused)
    return replace(call, role=role)
