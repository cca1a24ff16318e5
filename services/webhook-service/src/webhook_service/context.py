"""What the routes, handlers and jobs of one webhook-service process share."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends

from servicekit import UnitOfWorkFactory, context_of
from servicekit.clock import Clock, system_clock
from webhook_service.adapters.resolver import Resolver
from webhook_service.adapters.sender import Sender
from webhook_service.domain import RetrySchedule
from webhook_service.settings import Settings
from webhook_service.store import WebhookStore


@dataclass(frozen=True)
class WebhookContext:
    """The process's collaborators, built once at start-up (main.build); tests bring their own."""

    settings: Settings
    units_of_work: UnitOfWorkFactory[WebhookStore]
    source: str
    resolver: Resolver
    sender: Sender
    clock: Clock = system_clock

    def now(self) -> datetime:
        return self.clock()

    @property
    def sandbox(self) -> bool:
        return self.settings.sandbox_enabled

    @property
    def schedule(self) -> RetrySchedule:
        return self.settings.retry_schedule()

    @property
    def secret_overlap(self) -> timedelta:
        return timedelta(seconds=self.settings.secret_overlap_seconds)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.settings.delivery_lease_seconds)


Context = Annotated[WebhookContext, Depends(context_of)]
"""The FastAPI dependency routes take."""
