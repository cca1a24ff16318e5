"""What the routes and jobs of one gateway process share: settings, units of work, the upstream
forwarder, the keys it signs and verifies with, the rate limiter, the failed-login throttle (on the
counters the gateways share, when there are some) and the clock."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import Depends
from joserfc.jwk import ECKey

from gateway.access_tokens import AccessTokens
from gateway.adapters.psc import JwksOverHttp, PscKeySource, PscVerifier, StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.audit_outcomes import AuditOutcomes
from gateway.breaker import BreakerPolicy
from gateway.domain.idempotency import Unsettled
from gateway.forwarding import Forwarder, client_for, upstream_bases
from gateway.internal_tokens import InternalTokens
from gateway.ratelimit import FailureThrottle, RateLimiter, SharedCounters, SharedFailureThrottle, is_shared
from gateway.settings import Settings
from gateway.signing_keys import KeyRing
from gateway.standings import StandingCache
from gateway.store import GatewayStore, SqlGatewayStore
from servicekit import Kit, UnitOfWorkFactory, context_of, sql_single_statements, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.settings import pem_or_path


@dataclass(frozen=True)
class GatewayContext:
    """The process's collaborators, built once at start-up (`open_context`); tests bring their own
    clock, HTTP transport, Pro Santé Connect keys or units of work."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[GatewayStore]
    forwarder: Forwarder
    # Access-token signing keys (reloaded by a job) and the tokens they sign.
    ring: KeyRing
    tokens: AccessTokens
    psc: PscVerifier
    # The internal tokens the services accept, one per caller for most of its lifetime.
    internal_tokens: InternalTokens
    limiter: RateLimiter
    # Outcomes of traced calls, written in batches (gateway.audit_outcomes).
    audit_outcomes: AuditOutcomes
    clock: Clock = system_clock
    # Units whose statements each commit alone: the one write of a call's hot path (its audit row)
    # in one round trip. None: the transactional units serve.
    single_statements: UnitOfWorkFactory[GatewayStore] | None = None
    # The sandbox Pro Santé Connect issuer, None when the gateway does not serve the sandbox.
    sandbox_psc: SandboxPscIssuer | None = None
    # Failed token authentications per (source address, client id), and who succeeded from where.
    login_failures: FailureThrottle = field(default_factory=FailureThrottle)
    # Who callers are, for a few seconds (gateway.standings); built from the settings when not given.
    standings: StandingCache = field(default_factory=lambda: StandingCache(0))
    # Idempotency-Keys whose settlement the database could not take yet (gateway.workflows.exchanges).
    unsettled_keys: dict[tuple[str, str], Unsettled] = field(default_factory=dict)
    # The Redis of the counters every gateway shares (rate limits, failed logins); None: memory only.
    shared_counters: SharedCounters | None = None

    def statements(self) -> UnitOfWorkFactory[GatewayStore]:
        return self.single_statements or self.units_of_work

    async def dependency_states(self) -> dict[str, bool]:
        """Dependencies beside the database, for servicekit's `/ready?verbose` and
        `dentalink_dependency_up`. Redis never makes the gateway unready: without it each gateway
        counts on its own (gateway.ratelimit)."""
        if self.shared_counters is None:
            return {}
        return {"redis": await self.shared_counters.reachable()}


Context = Annotated[GatewayContext, Depends(context_of)]
"""The FastAPI dependency routes take."""


def internal_tokens_of(settings: Settings, key: ECKey) -> InternalTokens:
    return InternalTokens(
        key,
        issuer=settings.internal_token_issuer,
        audience=settings.internal_token_audience,
        lifetime=settings.internal_token_lifetime_seconds,
    )


def serves_sandbox(settings: Settings) -> bool:
    """The sandbox Pro Santé Connect runs in this process (sandbox mode, no real issuer configured)."""
    return settings.sandbox_enabled and settings.psc_jwks_url is None


def breaker_policy(settings: Settings) -> BreakerPolicy:
    return BreakerPolicy(
        failure_ratio=settings.breaker_failure_ratio,
        window_seconds=settings.breaker_window_seconds,
        minimum_calls=settings.breaker_minimum_calls,
        reset_seconds=settings.breaker_reset_seconds,
        half_open_calls=settings.breaker_half_open_calls,
        ramp_seconds=settings.breaker_ramp_seconds,
    )


def shared_counters_of(settings: Settings) -> SharedCounters | None:
    url = settings.rate_limit_storage_url
    return SharedCounters(url, namespace=settings.resolved_topic_namespace()) if is_shared(url) else None


def sandbox_issuer_of(settings: Settings) -> SandboxPscIssuer | None:
    if not serves_sandbox(settings):
        return None
    pem = pem_or_path(settings.psc_sandbox_private_key) if settings.psc_sandbox_private_key else None
    return SandboxPscIssuer(settings.psc_issuer, settings.psc_audience, pem)


@asynccontextmanager
async def open_context(
    kit: Kit,
    settings: Settings,
    *,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
    psc_keys: PscKeySource | None = None,
    sandbox_issuer: SandboxPscIssuer | None = None,
) -> AsyncIterator[GatewayContext]:
    """The gateway's context for the life of the process; its HTTP client pool closes at the end."""
    if not settings.internal_token_private_key:
        raise RuntimeError("GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY is required (python -m gateway.keys DIR)")
    internal_key = ECKey.import_key(pem_or_path(settings.internal_token_private_key))
    directory = settings.access_token_keys_dir
    ring = KeyRing.from_directory(Path(directory)) if directory else KeyRing.ephemeral()
    issuer = sandbox_issuer or sandbox_issuer_of(settings)
    units = sql_units_of_work(kit.database, SqlGatewayStore, kit.source)
    outcomes = AuditOutcomes(sql_single_statements(kit.database, SqlGatewayStore, kit.source))
    shared = shared_counters_of(settings)
    async with client_for(settings, transport) as client, outcomes.writing():
        source = psc_keys
        if source is None and settings.psc_jwks_url:
            source = JwksOverHttp(settings.psc_jwks_url, client, settings.psc_jwks_refresh_seconds)
        if source is None and issuer is not None:
            source = StaticKeys(issuer.key_set)
        if source is None:
            raise RuntimeError("no Pro Santé Connect keys: set GATEWAY_PSC_JWKS_URL or enable the sandbox")
        context = GatewayContext(
            settings=settings,
            units_of_work=units,
            single_statements=sql_single_statements(kit.database, SqlGatewayStore, kit.source),
            audit_outcomes=outcomes,
            forwarder=Forwarder(
                client,
                upstream_bases(settings),
                retries=settings.upstream_retries,
                backoff_seconds=settings.upstream_retry_backoff_seconds,
                breaker_policy=breaker_policy(settings),
            ),
            ring=ring,
            tokens=AccessTokens(
                ring,
                settings.issuer,
                settings.access_token_audience,
                settings.access_token_lifetime_seconds,
            ),
            psc=PscVerifier(
                source,
                settings.psc_issuer,
                settings.psc_audience,
                settings.psc_leeway_seconds,
                settings.psc_max_token_lifetime_seconds,
            ),
            internal_tokens=internal_tokens_of(settings, internal_key),
            standings=StandingCache(settings.standing_cache_seconds),
            limiter=RateLimiter(shared),
            login_failures=(
                SharedFailureThrottle(shared, trust_seconds=settings.token_trusted_seconds)
                if shared
                else FailureThrottle()
            ),
            shared_counters=shared,
            clock=clock,
            sandbox_psc=issuer if serves_sandbox(settings) else None,
        )
        try:
            yield context
        finally:
            await context.forwarder.close()
            if shared is not None:
                shared.close()
