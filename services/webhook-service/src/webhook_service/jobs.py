"""Periodic work of webhook-service: each job receives the context and runs one workflow."""

from servicekit import PeriodicJob
from webhook_service import workflows
from webhook_service.context import WebhookContext
from webhook_service.settings import Settings


async def deliver(context: WebhookContext) -> None:
    """Send the due deliveries (webhook-delivery); several replicas each claim their own. A full
    batch means more are due: the next one is claimed at once rather than after the interval."""
    while await workflows.deliver_due(context) >= context.settings.delivery_batch_size:
        pass


def jobs(settings: Settings) -> list[PeriodicJob[WebhookContext]]:
    return [PeriodicJob("webhook-delivery", settings.delivery_sweep_seconds, deliver)]
