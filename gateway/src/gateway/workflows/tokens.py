"""OAuth2 client credentials (RFC 6749 §4.4): authenticate the client, grant scopes, issue a token.

Rate limits (RFC 6819 §5.1.4.2.3 against online guessing): failed authentications count per
(source address, claimed client id) and per source address, checked before the secret is hashed;
only successful ones count against the client's own limit, so nobody can lock a client out by
claiming its id.
"""

import re
from contextlib import suppress
from dataclasses import dataclass

from gateway.admin import verify_secret
from gateway.context import GatewayContext
from gateway.domain.scopes import granted_scopes
from gateway.ratelimit import RateLimited
from gateway.store import RegisteredClient

_MAX_CLIENT_ID = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ClientAuthenticationFailed(Exception):
    """Unknown client, wrong secret or disabled client: the same answer for all three."""


class TooManyTokenRequests(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("too many token requests")
        self.retry_after = retry_after


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scopes: frozenset[str]


async def _authenticate(
    context: GatewayContext, source: str, client_id: str, secret: str
) -> RegisteredClient:
    """The client these credentials authenticate; failures are charged to the sender, not the client."""
    settings, limiter = context.settings, context.limiter
    claimed = client_id[:_MAX_CLIENT_ID]
    failures = [
        ("token-failures-address", source, settings.token_failure_address_limit),
        ("token-failures", f"{source} {claimed}", settings.token_failure_limit),
    ]
    try:
        for namespace, identity, limit in failures:
            await limiter.check(namespace, identity, limit)
        await limiter.check("token", claimed, settings.token_rate_limit)
    except RateLimited as error:
        raise TooManyTokenRequests(error.retry_after) from None
    client = None
    if len(client_id) <= _MAX_CLIENT_ID and not _CONTROL.search(client_id):
        async with context.units_of_work() as uow:
            client = await uow.store.client(client_id)
    valid = await verify_secret(secret, client.secret_hash if client else None)
    if client is None or not valid or client.disabled:
        for namespace, identity, limit in failures:
            # Counted, not refused: this request's answer is the failure; the next ones are refused.
            with suppress(RateLimited):
                await limiter.hit(namespace, identity, limit)
        raise ClientAuthenticationFailed()
    try:
        await limiter.hit("token", client.client_id, settings.token_rate_limit)
    except RateLimited as error:
        raise TooManyTokenRequests(error.retry_after) from None
    return client


async def issue_token(
    context: GatewayContext, *, source: str, client_id: str, secret: str, scope: str | None
) -> IssuedToken:
    """An access token for the client these credentials authenticate, with the scopes it asked for
    among its own (all of them when `scope` is None); `source` is the sender's address."""
    client = await _authenticate(context, source, client_id, secret)
    scopes = granted_scopes(scope, frozenset(client.scopes))
    token = context.tokens.issue(client.client_id, scopes, now=context.clock().timestamp())
    return IssuedToken(access_token=token, expires_in=context.tokens.lifetime, scopes=scopes)
