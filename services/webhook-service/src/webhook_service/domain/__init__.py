"""Pure rules of webhook-service: the catalogue of webhooks, endpoints and deliveries, back-off,
target checks (SSRF) and signatures. No I/O, no framework."""

from webhook_service.domain.backoff import RetrySchedule
from webhook_service.domain.catalogue import (
    LIFECYCLE_WEBHOOKS,
    WebhookEventType,
    WebhookMessage,
    messages_of,
)
from webhook_service.domain.endpoints import (
    ClaimedDelivery,
    Delivery,
    DeliveryNotFound,
    DeliveryStatus,
    DisabledReason,
    Endpoint,
    EndpointChanges,
    EndpointLimitReached,
    EndpointNotFound,
    changed,
    may_add_endpoint,
)
from webhook_service.domain.targets import TargetRefusal, TargetRefused

__all__ = [
    "LIFECYCLE_WEBHOOKS",
    "ClaimedDelivery",
    "Delivery",
    "DeliveryNotFound",
    "DeliveryStatus",
    "DisabledReason",
    "Endpoint",
    "EndpointChanges",
    "EndpointLimitReached",
    "EndpointNotFound",
    "RetrySchedule",
    "TargetRefusal",
    "TargetRefused",
    "WebhookEventType",
    "WebhookMessage",
    "changed",
    "may_add_endpoint",
    "messages_of",
]
