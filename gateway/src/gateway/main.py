"""Dentalink API gateway: authentication (OAuth2 client credentials + Pro Santé Connect),
habilitations, routing to the six services, rate limits, idempotency keys, audit trail and the
merged OpenAPI document.

Entry point: `uvicorn --factory gateway.main:build`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from gateway import api
from gateway.adapters.psc import PscKeySource
from gateway.adapters.psc_sandbox import SandboxPscIssuer
from gateway.api.guide import GUIDE_PATH
from gateway.api.openapi import API_DESCRIPTION, TAGS, public_operation
from gateway.context import GatewayContext, open_context
from gateway.jobs import jobs
from gateway.settings import Settings
from gateway.workflows.exchanges import release_keys_of_crashed_predecessor
from servicekit import Kit, ServiceSpec, create_app
from servicekit.clock import Clock, system_clock
from servicekit.docs import DocsLink

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


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

    @asynccontextmanager
    async def context(kit: Kit) -> AsyncIterator[GatewayContext]:
        async with open_context(
            kit, settings, clock=clock, transport=transport, psc_keys=psc_keys, sandbox_issuer=sandbox_issuer
        ) as opened:
            await release_keys_of_crashed_predecessor(opened)
            yield opened

    spec = ServiceSpec[GatewayContext](
        settings=settings,
        title="Dentalink API",
        description=API_DESCRIPTION,
        routers=api.routers(settings),
        migrations_dir=MIGRATIONS,
        # Neither consumes nor produces events: no Kafka producer, relay or kit tables.
        context=context,
        jobs=jobs(settings),
        openapi_tags=TAGS,
        span_route_label=public_operation,  # spans and metrics name the public operation
        public_docs=True,  # /docs and /openapi.json are for integrators; metrics go to the admin port
        docs_links=(DocsLink("Integrator guide", GUIDE_PATH),),
    )
    app = create_app(spec)
    api.install(app, settings)
    return app
