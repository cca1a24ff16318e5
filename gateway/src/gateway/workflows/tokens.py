"""OAuth2 client credentials (RFC 6749 §4.4): authenticate the client, grant scopes, issue a token.

Throttling of failed authentications (RFC 6819 §5.1.4.2.3 against online guessing), all checked
before the secret is hashed:
- per (source address, claimed client id), back-off: a few failures freely, then a delay that
  doubles with each further failure (`token_failure_*` settings). Vendors behind one NAT address
  each have their own: one vendor's wrong secret never locks out the others.
- per source address, a ceiling on failures whatever the client id (it bounds the Argon2 work random
  ids can cause), which does not apply to a client that authenticated from that address recently:
  a flood of made-up ids from behind a NAT address blocks no vendor already working there.
- only successful authentications count against the client's own limit, so nobody can lock a client
  out by claiming its id.
"""

import re
from contextlib import suppress
from dataclasses import dataclass

from gateway.admin import verify_secret
from gateway.context import GatewayContext
from gateway.domain.scopes import granted_scopes
from gateway.ratelimit import Backoff, RateLimited
from gateway.settings import Settings
from gateway.store import RegisteredClient

_MAX_CLIENT_ID = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ADDRESS_FAILURES = "token-failures-address"


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


def _backoff(settings: Settings) -> Backoff:
    return Backoff(
        free_failures=settings.token_failure_free_attempts,
        base_seconds=settings.token_failure_backoff_seconds,
        max_seconds=settings.token_failure_backoff_max_seconds,
        forget_seconds=settings.token_failure_forget_seconds,
    )


async def _authenticate(
    context: GatewayContext, source: str, client_id: str, secret: str
) -> RegisteredClient:
    """The client these credentials authenticate; failures are charged to the sender, not the client."""
    settings, limiter, failures = context.settings, context.limiter, context.login_failures
    claimed = client_id[:_MAX_CLIENT_ID]
    pair = f"{source} {claimed}"
    now = context.clock().timestamp()
    try:
        await failures.check(pair, now=now)
        if not await failures.trusted(pair, now=now, within=settings.token_trusted_seconds):
            await limiter.check(_ADDRESS_FAILURES, source, settings.token_failure_address_limit)
        await limiter.check("token", claimed, settings.token_rate_limit)
    except RateLimited as error:
        raise TooManyTokenRequests(error.retry_after) from None
    client = None
    if len(client_id) <= _MAX_CLIENT_ID and not _CONTROL.search(client_id):
        async with context.units_of_work() as uow:
            client = await uow.store.client(client_id)
    valid = await verify_secret(secret, client.secret_hash if client else None)
    if client is None or not valid or client.disabled:
        # Counted, not refused: this request's answer is the failure; the next ones wait.
        await failures.failed(pair, now=now, backoff=_backoff(settings))
        with suppress(RateLimited):
            await limiter.hit(_ADDRESS_FAILURES, source, settings.token_failure_address_limit)
        raise ClientAuthenticationFailed()
    await failures.succeeded(pair, now=now)  # the right secret: forgiven and trusted, even if now limited
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
