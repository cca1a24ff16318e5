"""Dentalink API gateway: authentication (OAuth2 client credentials + Pro Santé Connect),
habilitations, routing to the five services, rate limits, idempotency keys, audit trail and the
merged OpenAPI document.

Entry point: `uvicorn --factory gateway.main:build`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from joserfc.jwk import ECKey

from gateway import audit, oauth, openapi, proxy, roster, sandbox
from gateway.access_tokens import AccessTokens
from gateway.adapters.psc import JwksOverHttp, PscKeySource, PscVerifier, StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.domain.habilitations import route_label
from gateway.forwarding import BodyTooLarge, Forwarder, client_for, upstream_bases
from gateway.guard import RequestGuard, too_large
from gateway.idempotency import purge_expired
from gateway.ratelimit import RateLimiter
from gateway.settings import Settings
from gateway.signing_keys import KeyRing
from gateway.wiring import EXTRAS_KEY, Gateway
from servicekit import PeriodicJob, Runtime, ServiceSpec, create_app
from servicekit.clock import Clock, system_clock
from servicekit.settings import pem_or_path

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

TAGS = [
    {"name": "oauth", "description": "OAuth2 client credentials for vendor software."},
    {"name": "practices", "description": "A practice's roster: who works there, with which roles."},
    {"name": "audit", "description": "The audit trail of every call touching patient data."},
    {"name": "sandbox", "description": "Fictitious professionals and patients for integration tests."},
]


def _sandbox_issuer(settings: Settings) -> SandboxPscIssuer | None:
    if not settings.sandbox_enabled or settings.psc_jwks_url is not None:
        return None
    pem = pem_or_path(settings.psc_sandbox_private_key) if settings.psc_sandbox_private_key else None
    return SandboxPscIssuer(settings.psc_issuer, settings.psc_audience, pem)


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
    psc_keys: PscKeySource | None = None,
    sandbox_issuer: SandboxPscIssuer | None = None,
) -> FastAPI:
    """The gateway app; tests may hand a clock, an HTTP transport, PSC keys or a sandbox issuer."""
    settings = settings or Settings()
    serves_sandbox = settings.sandbox_enabled and settings.psc_jwks_url is None

    @asynccontextmanager
    async def lifespan(runtime: Runtime) -> AsyncIterator[None]:
        if not settings.internal_token_private_key:
            raise RuntimeError("GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY is required (python -m gateway.keys DIR)")
        internal_key = ECKey.import_key(pem_or_path(settings.internal_token_private_key))
        directory = settings.access_token_keys_dir
        ring = KeyRing.from_directory(Path(directory)) if directory else KeyRing.ephemeral()
        issuer = sandbox_issuer or _sandbox_issuer(settings)
        async with client_for(settings, transport) as client:
            source = psc_keys
            if source is None and settings.psc_jwks_url:
                source = JwksOverHttp(settings.psc_jwks_url, client, settings.psc_jwks_refresh_seconds)
            if source is None and issuer is not None:
                source = StaticKeys(issuer.key_set)
            if source is None:
                raise RuntimeError(
                    "no Pro Santé Connect keys: set GATEWAY_PSC_JWKS_URL or enable the sandbox"
                )
            runtime.extras[EXTRAS_KEY] = Gateway(
                settings=settings,
                database=runtime.database,
                forwarder=Forwarder(
                    client,
                    upstream_bases(settings),
                    retries=settings.upstream_retries,
                    backoff_seconds=settings.upstream_retry_backoff_seconds,
                    failure_threshold=settings.breaker_failure_threshold,
                    reset_seconds=settings.breaker_reset_seconds,
                ),
                ring=ring,
                tokens=AccessTokens(
                    ring,
                    settings.oauth_issuer,
                    settings.access_token_audience,
                    settings.access_token_lifetime_seconds,
                ),
                psc=PscVerifier(
                    source, settings.psc_issuer, settings.psc_audience, settings.psc_leeway_seconds
                ),
                sandbox_psc=issuer if serves_sandbox else None,
                internal_key=internal_key,
                limiter=RateLimiter(),
                clock=clock,
            )
            yield

    async def purge(runtime: Runtime) -> None:
        await purge_expired(runtime.extras[EXTRAS_KEY])

    async def reload_keys(runtime: Runtime) -> None:
        gateway: Gateway = runtime.extras[EXTRAS_KEY]
        gateway.ring.reload()

    app = create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink API",
            description=openapi.API_DESCRIPTION,
            routers=[
                oauth.router,
                roster.router,
                audit.router,
                *([sandbox.router] if serves_sandbox else []),
                proxy.router,
            ],
            migrations_dir=MIGRATIONS,
            lifespan=lifespan,
            jobs=[
                PeriodicJob("idempotency-purge", settings.idempotency_purge_seconds, purge),
                PeriodicJob("signing-keys-reload", 30.0, reload_keys),
            ],
            openapi_tags=TAGS,
            span_route_label=route_label,
        )
    )

    async def body_too_large(_: Request, __: Exception) -> JSONResponse:
        response: JSONResponse = too_large(settings.max_body_bytes)
        return response

    app.add_exception_handler(BodyTooLarge, body_too_large)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    openapi.install(app)
    return app
