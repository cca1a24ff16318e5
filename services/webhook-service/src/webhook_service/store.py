"""Endpoints and deliveries in PostgreSQL: rows <-> domain records.

The delivery job claims due deliveries with FOR UPDATE SKIP LOCKED and leases them (moves their next
attempt past the lease) in one short transaction, then sends without holding a lock: with several
replicas each attempt is made by one of them, and a replica that dies mid-attempt leaves the delivery
to be retried once its lease ends. A delivery is unique per (message, endpoint): a consumed event
redelivered by Kafka queues nothing twice.
"""

import uuid
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from servicekit.db import advisory_xact_lock
from servicekit.pagination import paged
from webhook_service.domain import (
    ClaimedDelivery,
    Delivery,
    DeliveryStatus,
    DisabledReason,
    Endpoint,
    WebhookEventType,
)
from webhook_service.models import DeliveryRow, EndpointRow

# The first key of the advisory lock that serialises one practice's registrations (the second is the
# practice's hash): a constant of this service, so no other lock of this database shares it.
_REGISTRATION_LOCK_NAMESPACE = 0x5745_4248  # "WEBH"


class WebhookStore(Protocol):
    """What the workflows read and write, in the unit of work they run in."""

    async def add_endpoint(self, endpoint: Endpoint) -> None: ...

    async def count_endpoints(self, practice_id: str) -> int:
        """How many endpoints the practice has, its registrations serialised until the unit of work
        ends (two at once cannot both pass a cap on that count)."""
        ...

    async def find_endpoint(
        self, practice_id: str | None, endpoint_id: uuid.UUID, *, for_update: bool = False
    ) -> Endpoint | None:
        """The endpoint; None when it belongs to another practice (`practice_id` None: any)."""
        ...

    async def save_endpoint(self, endpoint: Endpoint) -> None: ...

    async def delete_endpoint(self, practice_id: str, endpoint_id: uuid.UUID) -> bool: ...

    async def list_endpoints(self, practice_id: str, *, limit: int, cursor: str | None) -> list[Endpoint]:
        """Up to limit+1 of the practice's endpoints in (created_at, id) order, after the cursor's
        (servicekit.pagination: a cursor it did not issue raises InvalidCursor)."""
        ...

    async def subscribed(self, practice_id: str, event_type: WebhookEventType) -> list[Endpoint]:
        """The practice's enabled endpoints subscribed to `event_type`."""
        ...

    async def add_deliveries(self, deliveries: list[Delivery]) -> int:
        """Queue deliveries, skipping any (message, endpoint) already queued; how many were new."""
        ...

    async def find_delivery(
        self, endpoint_id: uuid.UUID, delivery_id: uuid.UUID, *, for_update: bool = False
    ) -> Delivery | None: ...

    async def save_delivery(self, delivery: Delivery) -> None: ...

    async def list_deliveries(
        self, endpoint_id: uuid.UUID, *, limit: int, cursor: str | None
    ) -> list[Delivery]:
        """As `list_endpoints`, for the endpoint's deliveries."""
        ...

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[ClaimedDelivery]:
        """Up to `limit` pending deliveries due by `now` to enabled endpoints, earliest first, leased
        until `lease_until` (another unit claiming at the same time gets others)."""
        ...


def endpoint_of(row: EndpointRow) -> Endpoint:
    return Endpoint(
        id=row.id,
        practice_id=row.practice_id,
        url=row.url,
        description=row.description,
        event_types=frozenset(WebhookEventType(kind) for kind in row.event_types),
        disabled_reason=None if row.disabled_reason is None else DisabledReason(row.disabled_reason),
        secret=row.secret,
        previous_secret=row.previous_secret,
        previous_secret_expires_at=row.previous_secret_expires_at,
        failing_since=row.failing_since,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def endpoint_values(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "practice_id": endpoint.practice_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": sorted(kind.value for kind in endpoint.event_types),
        "disabled_reason": None if endpoint.disabled_reason is None else endpoint.disabled_reason.value,
        "secret": endpoint.secret,
        "previous_secret": endpoint.previous_secret,
        "previous_secret_expires_at": endpoint.previous_secret_expires_at,
        "failing_since": endpoint.failing_since,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }


def delivery_of(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        endpoint_id=row.endpoint_id,
        message_id=row.message_id,
        event_type=WebhookEventType(row.event_type),
        body=row.body,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_attempt_at=row.last_attempt_at,
        last_status_code=row.last_status_code,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
        created_at=row.created_at,
        queued_at=row.queued_at,
    )


def delivery_values(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "message_id": delivery.message_id,
        "event_type": delivery.event_type.value,
        "body": delivery.body,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at,
        "created_at": delivery.created_at,
        "queued_at": delivery.queued_at,
    }


class SqlWebhookStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_endpoint(self, endpoint: Endpoint) -> None:
        await self.session.execute(insert(EndpointRow).values(**endpoint_values(endpoint)))

    async def count_endpoints(self, practice_id: str) -> int:
        await advisory_xact_lock(self.session, _REGISTRATION_LOCK_NAMESPACE, practice_id)
        counted = (
            select(func.count()).select_from(EndpointRow).where(col(EndpointRow.practice_id) == practice_id)
        )
        return int((await self.session.execute(counted)).scalar_one())

    async def find_endpoint(
        self, practice_id: str | None, endpoint_id: uuid.UUID, *, for_update: bool = False
    ) -> Endpoint | None:
        query = select(EndpointRow).where(col(EndpointRow.id) == endpoint_id)
        if practice_id is not None:
            query = query.where(col(EndpointRow.practice_id) == practice_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).scalars().first()
        return None if row is None else endpoint_of(row)

    async def save_endpoint(self, endpoint: Endpoint) -> None:
        values = endpoint_values(endpoint)
        del values["id"], values["practice_id"], values["created_at"]
        await self.session.execute(
            update(EndpointRow).where(col(EndpointRow.id) == endpoint.id).values(**values)
        )

    async def delete_endpoint(self, practice_id: str, endpoint_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(EndpointRow)
            .where(col(EndpointRow.id) == endpoint_id)
            .where(col(EndpointRow.practice_id) == practice_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def list_endpoints(self, practice_id: str, *, limit: int, cursor: str | None) -> list[Endpoint]:
        query = select(EndpointRow).where(col(EndpointRow.practice_id) == practice_id)
        query = paged(query, col(EndpointRow.created_at), col(EndpointRow.id), cursor, limit)
        return [endpoint_of(row) for row in (await self.session.execute(query)).scalars().all()]

    async def subscribed(self, practice_id: str, event_type: WebhookEventType) -> list[Endpoint]:
        query = (
            select(EndpointRow)
            .where(col(EndpointRow.practice_id) == practice_id)
            .where(col(EndpointRow.disabled_reason).is_(None))  # enabled
            # @> on the array: the GIN index answers it.
            .where(col(EndpointRow.event_types).contains([event_type.value]))
        )
        return [endpoint_of(row) for row in (await self.session.execute(query)).scalars().all()]

    async def add_deliveries(self, deliveries: list[Delivery]) -> int:
        if not deliveries:
            return 0
        statement = (
            insert(DeliveryRow)
            .values([delivery_values(delivery) for delivery in deliveries])
            .on_conflict_do_nothing(constraint="webhook_deliveries_message_endpoint_key")
        )
        result = await self.session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    async def find_delivery(
        self, endpoint_id: uuid.UUID, delivery_id: uuid.UUID, *, for_update: bool = False
    ) -> Delivery | None:
        query = (
            select(DeliveryRow)
            .where(col(DeliveryRow.id) == delivery_id)
            .where(col(DeliveryRow.endpoint_id) == endpoint_id)
        )
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).scalars().first()
        return None if row is None else delivery_of(row)

    async def save_delivery(self, delivery: Delivery) -> None:
        values = delivery_values(delivery)
        for fixed in ("id", "endpoint_id", "message_id", "event_type", "body", "created_at"):
            del values[fixed]
        await self.session.execute(
            update(DeliveryRow).where(col(DeliveryRow.id) == delivery.id).values(**values)
        )

    async def list_deliveries(
        self, endpoint_id: uuid.UUID, *, limit: int, cursor: str | None
    ) -> list[Delivery]:
        query = select(DeliveryRow).where(col(DeliveryRow.endpoint_id) == endpoint_id)
        query = paged(query, col(DeliveryRow.created_at), col(DeliveryRow.id), cursor, limit)
        return [delivery_of(row) for row in (await self.session.execute(query)).scalars().all()]

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[ClaimedDelivery]:
        query = (
            select(DeliveryRow, EndpointRow)
            .join(EndpointRow, col(EndpointRow.id) == col(DeliveryRow.endpoint_id))
            .where(col(DeliveryRow.status) == DeliveryStatus.PENDING.value)
            .where(col(DeliveryRow.next_attempt_at) <= now)
            .where(col(EndpointRow.disabled_reason).is_(None))  # enabled
            .order_by(col(DeliveryRow.next_attempt_at))
            .limit(limit)
            .with_for_update(of=DeliveryRow, skip_locked=True)
        )
        rows = (await self.session.execute(query)).all()
        if not rows:
            return []
        ids = [delivery.id for delivery, _ in rows]
        await self.session.execute(
            update(DeliveryRow).where(col(DeliveryRow.id).in_(ids)).values(next_attempt_at=lease_until)
        )
        return [
            ClaimedDelivery(delivery_of(delivery), endpoint.url, endpoint_of(endpoint).signing_secrets(now))
            for delivery, endpoint in rows
        ]
