"""Endpoints a practice registered and the deliveries queued for them (pure records and rules)."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from webhook_service.domain.catalogue import WebhookEventType


class DisabledReason(StrEnum):
    """Why an endpoint receives nothing: its practice turned it off, or every delivery failed for
    the whole retry window."""

    BY_PRACTICE = "disabled_by_practice"
    PERSISTENT_FAILURE = "persistent_failure"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Endpoint:
    id: uuid.UUID
    practice_id: str
    url: str
    description: str | None
    event_types: frozenset[WebhookEventType]
    # None while deliveries are made to it: whether it is enabled is this, not a field of its own.
    disabled_reason: DisabledReason | None
    secret: str = field(repr=False)
    previous_secret: str | None = field(repr=False)
    previous_secret_expires_at: datetime | None
    # Since when every attempt failed (None once one succeeds): the disabling rule reads it.
    failing_since: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def enabled(self) -> bool:
        return self.disabled_reason is None

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets that sign now: the current one, and the previous one while its overlap lasts."""
        if self.previous_secret and self.previous_secret_expires_at and now < self.previous_secret_expires_at:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def rotated(self, new_secret: str, now: datetime, overlap: timedelta) -> "Endpoint":
        return replace(
            self,
            secret=new_secret,
            previous_secret=self.secret,
            previous_secret_expires_at=now + overlap,
            updated_at=now,
        )


@dataclass(frozen=True)
class EndpointChanges:
    """What a PATCH may change; None leaves a field as it is."""

    url: str | None = None
    description: str | None = None
    event_types: frozenset[WebhookEventType] | None = None
    enabled: bool | None = None


def changed(endpoint: Endpoint, changes: EndpointChanges, now: datetime) -> Endpoint:
    """The endpoint after a PATCH. Enabling again clears the failure record: the practice says the
    receiver is back, so the disabling window starts afresh."""
    updated = replace(
        endpoint,
        url=changes.url if changes.url is not None else endpoint.url,
        description=changes.description if changes.description is not None else endpoint.description,
        event_types=changes.event_types if changes.event_types is not None else endpoint.event_types,
        updated_at=now,
    )
    if changes.enabled is True and not endpoint.enabled:
        return replace(updated, disabled_reason=None, failing_since=None)
    if changes.enabled is False and endpoint.enabled:
        return replace(updated, disabled_reason=DisabledReason.BY_PRACTICE)
    return updated


@dataclass(frozen=True)
class Delivery:
    """One webhook message for one endpoint: `id` is stable across its attempts."""

    id: uuid.UUID
    endpoint_id: uuid.UUID
    message_id: uuid.UUID
    event_type: WebhookEventType
    body: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    # Start of the retry window: when the message was queued, or redelivered by hand.
    queued_at: datetime

    @property
    def webhook_id(self) -> str:
        """`webhook-id`: the same on every attempt of this delivery, and on a manual redelivery."""
        return f"msg_{self.message_id.hex}"


@dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery claimed for one attempt, with what the attempt needs of its endpoint."""

    delivery: Delivery
    url: str
    secrets: list[str] = field(repr=False)


class EndpointLimitReached(Exception):
    """The practice has as many endpoints as one may have: each one multiplies every delivery."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def may_add_endpoint(existing: int, limit: int) -> bool:
    """Whether a practice holding `existing` endpoints may register one more (at most `limit`)."""
    return existing < limit


class EndpointNotFound(Exception):
    """No such endpoint in the caller's practice (another practice's is not found either)."""


class DeliveryNotFound(Exception):
    """No such delivery for this endpoint."""
