"""Dentalink webhook-service: vendors register endpoints per practice; the domain events they
subscribed to are delivered to them signed (Standard Webhooks), retried with back-off for 3 days.

Entry point: `uvicorn --factory webhook_service.main:build`. Everything else is wired by servicekit.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from servicekit import Kit, ServiceSpec, create_app, sql_units_of_work
from servicekit.clock import Clock, system_clock
from servicekit.sandbox_reset import sandbox_reset_routers
from webhook_service.adapters.resolver import Resolver, SystemResolver
from webhook_service.adapters.sender import HttpxSender, Sender
from webhook_service.api.endpoints import router
from webhook_service.api.webhooks import install_webhooks
from webhook_service.context import WebhookContext
from webhook_service.events import PRODUCES, SUBSCRIPTIONS
from webhook_service.jobs import jobs
from webhook_service.sandbox_reset import purge_practice
from webhook_service.settings import Settings
from webhook_service.store import SqlWebhookStore

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    resolver: Resolver | None = None,
    sender: Sender | None = None,
) -> FastAPI:
    """The app; tests may hand their own clock, resolver or sender."""
    settings = settings or Settings()

    @asynccontextmanager
    async def context(kit: Kit) -> AsyncIterator[WebhookContext]:
        async with HttpxSender.new_client(
            settings.delivery_connect_timeout_seconds, settings.delivery_timeout_seconds
        ) as client:
            yield WebhookContext(
                settings=settings,
                units_of_work=sql_units_of_work(kit.database, SqlWebhookStore, kit.source),
                source=kit.source,
                resolver=resolver or SystemResolver(settings.delivery_connect_timeout_seconds),
                # One deadline for the whole attempt, well within the lease (no second replica meanwhile).
                sender=sender
                or HttpxSender(
                    client, settings.delivery_connect_timeout_seconds + settings.delivery_timeout_seconds
                ),
                clock=clock,
            )

    app = create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink webhook-service",
            description=__doc__ or "",
            routers=[router, *sandbox_reset_routers(settings.sandbox_enabled, purge_practice)],
            migrations_dir=MIGRATIONS,
            context=context,
            consumers=SUBSCRIPTIONS,
            produces=PRODUCES,
            jobs=jobs(settings),
            openapi_tags=[
                {
                    "name": "webhook-endpoints",
                    "description": "Endpoints receiving signed webhooks, their secrets and delivery logs.",
                },
                {
                    "name": "webhooks",
                    "description": "What is delivered to the endpoints (Standard Webhooks).",
                },
            ],
        )
    )
    install_webhooks(app)
    return app
