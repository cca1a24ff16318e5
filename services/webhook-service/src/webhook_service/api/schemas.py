"""Bodies and answers of the endpoint routes."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from servicekit.examples import example_of
from servicekit.text import Text
from webhook_service.domain import Delivery, DeliveryStatus, DisabledReason, Endpoint, WebhookEventType

URL_DESCRIPTION = (
    "Where deliveries are POSTed: https only, to a host that resolves to public addresses only "
    "(checked at registration and before every delivery). Sandbox mode also allows http to loopback."
)
_ENDPOINT_ID = "5b0c8f4e-6a1d-4c7e-9f0a-2d3b4c5e6f70"
_SECRET_EXAMPLE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+Ym0wN3mT1U="


class WebhookEndpointCreate(BaseModel):
    """An endpoint to register for the caller's practice."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://hooks.example-dental-software.fr/dentalink",
                    "description": "Practice management software, production",
                    "event_types": ["tele-expertise.reported", "act.billed", "act.billing-rejected"],
                    "enabled": True,
                }
            ]
        },
    )

    url: Text = Field(min_length=1, max_length=2048, description=URL_DESCRIPTION)
    description: Text | None = Field(
        default=None, max_length=500, description="A label for the practice's own use."
    )
    event_types: list[WebhookEventType] = Field(
        min_length=1, description="The webhook types this endpoint receives (see the document's `webhooks`)."
    )
    enabled: bool = Field(default=True, description="Whether deliveries are made to this endpoint.")


class WebhookEndpointUpdate(BaseModel):
    """What to change; an omitted field stays as it is. Enabling an endpoint disabled after persistent
    failure restarts its failure window."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enabled": True, "event_types": ["act.billed"]}]},
    )

    url: Text | None = Field(default=None, min_length=1, max_length=2048, description=URL_DESCRIPTION)
    description: Text | None = Field(
        default=None, max_length=500, description="A label for the practice's own use."
    )
    event_types: list[WebhookEventType] | None = Field(
        default=None, min_length=1, description="The webhook types this endpoint receives."
    )
    enabled: bool | None = Field(default=None, description="Turn deliveries on or off.")


class WebhookEndpoint(BaseModel):
    """A registered endpoint and its state (the secret is shown only when created or rotated)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _ENDPOINT_ID,
                    "url": "https://hooks.example-dental-software.fr/dentalink",
                    "description": "Practice management software, production",
                    "event_types": ["act.billed", "act.billing-rejected", "tele-expertise.reported"],
                    "enabled": True,
                    "disabled_reason": None,
                    "failing_since": None,
                    "previous_secret_expires_at": None,
                    "created_at": "2025-03-14T10:00:00Z",
                    "updated_at": "2025-03-14T10:00:00Z",
                }
            ]
        },
    )

    id: uuid.UUID = Field(description="The endpoint's id.")
    url: str = Field(description=URL_DESCRIPTION)
    description: str | None = Field(description="The practice's label.")
    event_types: list[WebhookEventType] = Field(description="The webhook types this endpoint receives.")
    enabled: bool = Field(description="Whether deliveries are made to it now.")
    disabled_reason: DisabledReason | None = Field(
        description="Why it is disabled: `disabled_by_practice`, or `persistent_failure` when every "
        "delivery failed for the whole retry window (3 days); null when enabled."
    )
    failing_since: datetime | None = Field(
        description="Since when every attempt failed; null when the last attempt succeeded."
    )
    previous_secret_expires_at: datetime | None = Field(
        description="Until when the previous secret also signs (after a rotation); null otherwise."
    )
    created_at: datetime = Field(description="When it was registered.")
    updated_at: datetime = Field(description="When it last changed.")


class WebhookEndpointCreated(WebhookEndpoint):
    """The endpoint just registered, with its signing secret: shown this once."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [example_of(WebhookEndpoint, secret=_SECRET_EXAMPLE)]},
    )

    secret: str = Field(
        description="The signing secret (`whsec_` + base64), Standard Webhooks format: keep it, it is "
        "not shown again."
    )


class WebhookSecretRotation(BaseModel):
    """The new signing secret; the previous one keeps signing alongside it until the date given."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "endpoint_id": _ENDPOINT_ID,
                    "secret": _SECRET_EXAMPLE,
                    "previous_secret_expires_at": "2025-03-15T10:00:00Z",
                }
            ]
        },
    )

    endpoint_id: uuid.UUID = Field(description="The endpoint whose secret was rotated.")
    secret: str = Field(description="The new signing secret: shown this once.")
    previous_secret_expires_at: datetime = Field(
        description="Until then, `webhook-signature` carries a signature by each secret, space separated."
    )


class WebhookDelivery(BaseModel):
    """One webhook message for this endpoint and the outcome of its attempts."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9d3f4b2a-1c5e-4f6a-8b7c-0d1e2f3a4b5c",
                    "webhook_id": "msg_2f1e0d9c8b7a46a5b4c3d2e1f0a9b8c7",
                    "event_type": "act.billed",
                    "status": "pending",
                    "attempts": 2,
                    "last_attempt_at": "2025-03-14T10:00:12Z",
                    "last_status_code": 503,
                    "last_error": None,
                    "next_attempt_at": "2025-03-14T10:00:31Z",
                    "delivered_at": None,
                    "created_at": "2025-03-14T10:00:00Z",
                }
            ]
        },
    )

    id: uuid.UUID = Field(description="The delivery's id (for the redelivery call).")
    webhook_id: str = Field(description="The `webhook-id` header: the same on every attempt and redelivery.")
    event_type: WebhookEventType = Field(description="The webhook type delivered.")
    status: DeliveryStatus = Field(
        description="`pending` (due or waiting for a retry), `delivered` (a 2xx answer) or `failed` "
        "(the retry window ended)."
    )
    attempts: int = Field(description="Attempts made so far.")
    last_attempt_at: datetime | None = Field(description="When the last attempt was made.")
    last_status_code: int | None = Field(description="The HTTP status the last attempt got; null when none.")
    last_error: str | None = Field(
        description="Why the last attempt got no answer (`timeout`, `connection-failed`, or a refused "
        "target such as `url-address-not-allowed`); null when it got one."
    )
    next_attempt_at: datetime | None = Field(description="When the next attempt is due; null when none is.")
    delivered_at: datetime | None = Field(description="When a 2xx answer came.")
    created_at: datetime = Field(description="When the delivery was queued.")


def endpoint_out(endpoint: Endpoint) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        event_types=sorted(endpoint.event_types),
        enabled=endpoint.enabled,
        disabled_reason=endpoint.disabled_reason,
        failing_since=endpoint.failing_since,
        previous_secret_expires_at=endpoint.previous_secret_expires_at,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


def delivery_out(delivery: Delivery) -> WebhookDelivery:
    return WebhookDelivery(
        id=delivery.id,
        webhook_id=delivery.webhook_id,
        event_type=delivery.event_type,
        status=delivery.status,
        attempts=delivery.attempts,
        last_attempt_at=delivery.last_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        next_attempt_at=delivery.next_attempt_at,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
    )
