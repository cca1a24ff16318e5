"""A consumed domain event becomes one delivery per subscribed endpoint, queued in the consumer's
transaction (with its inbox row): a crash loses nothing, and a redelivered Kafka message queues
nothing twice (the inbox skips it; the (message, endpoint) key would too)."""

import json
import uuid

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import DomainEvent
from servicekit import UnitOfWork
from webhook_service.context import WebhookContext
from webhook_service.domain import Delivery, DeliveryStatus, messages_of
from webhook_service.metrics import deliveries_queued
from webhook_service.store import WebhookStore


async def fan_out(
    uow: UnitOfWork[WebhookStore], context: WebhookContext, event: DomainEvent, envelope: Envelope
) -> int:
    """Queue the event's webhooks for the enabled endpoints of its practice(s) that subscribed to
    them; how many deliveries were queued."""
    now = context.now()
    queued = 0
    for message in messages_of(event, envelope):
        endpoints = await uow.store.subscribed(message.practice_id, message.type)
        body = json.dumps(message.payload(), separators=(",", ":"), ensure_ascii=False)
        deliveries = [
            Delivery(
                id=uuid.uuid4(),
                endpoint_id=endpoint.id,
                message_id=message.id,
                event_type=message.type,
                body=body,
                status=DeliveryStatus.PENDING,
                attempts=0,
                next_attempt_at=now,
                last_attempt_at=None,
                last_status_code=None,
                last_error=None,
                delivered_at=None,
                created_at=now,
                queued_at=now,
            )
            for endpoint in endpoints
        ]
        added = await uow.store.add_deliveries(deliveries)
        if added:
            uow.outbox.count(deliveries_queued, added, {"type": message.type.value})
        queued += added
    return queued
