"""What webhook-service consumes (every domain event a webhook announces) and the workflow each
calls; it publishes none. One consumer group: a webhook follows its event in its key's order (the
patient's, or for the tele-expertise lifecycle the file's)."""

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import (
    ApcvSessionClosed,
    ApcvSessionOpened,
    DocumentFiled,
    DomainEvent,
    IdentityQualified,
    IdentityStatusChanged,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    TeleExpertiseStatusChanged,
)
from servicekit import Subscription, unit_of_work_in
from webhook_service import workflows
from webhook_service.context import WebhookContext
from webhook_service.store import SqlWebhookStore

CONSUMER = "webhook-service"
ANNOUNCED: tuple[type[DomainEvent], ...] = (
    IdentityQualified,
    IdentityStatusChanged,
    ApcvSessionOpened,
    ApcvSessionClosed,
    TeleExpertiseStatusChanged,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    DocumentFiled,
)


async def on_event(
    session: AsyncSession, event: DomainEvent, envelope: Envelope, context: WebhookContext
) -> None:
    """Queue the event's webhooks in the consumer's transaction (with its inbox row)."""
    await workflows.fan_out(
        unit_of_work_in(session, SqlWebhookStore, context.source), context, event, envelope
    )


SUBSCRIPTIONS: dict[str, list[Subscription[WebhookContext]]] = {
    CONSUMER: [Subscription(event, on_event) for event in ANNOUNCED]
}
PRODUCES: list[str] = []
