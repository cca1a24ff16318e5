"""Commands and reads of a practice's endpoints and their delivery logs; every one is scoped to the
caller's practice (another practice's endpoint is not found)."""

import uuid
from dataclasses import replace

from webhook_service.context import WebhookContext
from webhook_service.domain import (
    Delivery,
    DeliveryNotFound,
    DeliveryStatus,
    DisabledReason,
    Endpoint,
    EndpointChanges,
    EndpointLimitReached,
    EndpointNotFound,
    WebhookEventType,
    changed,
    may_add_endpoint,
)
from webhook_service.domain.signing import new_secret
from webhook_service.store import WebhookStore
from webhook_service.workflows.targets import check_target


async def register_endpoint(
    context: WebhookContext,
    practice_id: str,
    *,
    url: str,
    description: str | None,
    event_types: frozenset[WebhookEventType],
    enabled: bool,
) -> Endpoint:
    await check_target(context, url)
    now = context.now()
    endpoint = Endpoint(
        id=uuid.uuid4(),
        practice_id=practice_id,
        url=url,
        description=description,
        event_types=event_types,
        disabled_reason=None if enabled else DisabledReason.BY_PRACTICE,
        secret=new_secret(),
        previous_secret=None,
        previous_secret_expires_at=None,
        failing_since=None,
        created_at=now,
        updated_at=now,
    )
    limit = context.settings.max_endpoints_per_practice
    async with context.units_of_work() as uow:
        if not may_add_endpoint(await uow.store.count_endpoints(practice_id), limit):
            raise EndpointLimitReached(limit)
        await uow.store.add_endpoint(endpoint)
    return endpoint


async def _owned(
    store: WebhookStore, practice_id: str, endpoint_id: uuid.UUID, *, for_update: bool
) -> Endpoint:
    endpoint = await store.find_endpoint(practice_id, endpoint_id, for_update=for_update)
    if endpoint is None:
        raise EndpointNotFound()
    return endpoint


async def find_endpoint(context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID) -> Endpoint:
    async with context.units_of_work() as uow:
        return await _owned(uow.store, practice_id, endpoint_id, for_update=False)


async def list_endpoints(
    context: WebhookContext, practice_id: str, *, limit: int, cursor: str | None
) -> list[Endpoint]:
    async with context.units_of_work() as uow:
        return await uow.store.list_endpoints(practice_id, limit=limit, cursor=cursor)


async def update_endpoint(
    context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID, changes: EndpointChanges
) -> Endpoint:
    if changes.url is not None:
        await check_target(context, changes.url)
    async with context.units_of_work() as uow:
        endpoint = await _owned(uow.store, practice_id, endpoint_id, for_update=True)
        updated = changed(endpoint, changes, context.now())
        await uow.store.save_endpoint(updated)
        return updated


async def delete_endpoint(context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID) -> None:
    """Deletes the endpoint and its delivery log (nothing more is sent to it)."""
    async with context.units_of_work() as uow:
        if not await uow.store.delete_endpoint(practice_id, endpoint_id):
            raise EndpointNotFound()


async def rotate_secret(context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID) -> Endpoint:
    """A new secret; the current one keeps signing alongside it for the overlap (settings)."""
    async with context.units_of_work() as uow:
        endpoint = await _owned(uow.store, practice_id, endpoint_id, for_update=True)
        rotated = endpoint.rotated(new_secret(), context.now(), context.secret_overlap)
        await uow.store.save_endpoint(rotated)
        return rotated


async def list_deliveries(
    context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID, *, limit: int, cursor: str | None
) -> list[Delivery]:
    async with context.units_of_work() as uow:
        await _owned(uow.store, practice_id, endpoint_id, for_update=False)
        return await uow.store.list_deliveries(endpoint_id, limit=limit, cursor=cursor)


async def redeliver(
    context: WebhookContext, practice_id: str, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> Delivery:
    """Queue the delivery again, due now, with the same `webhook-id` (Standard Webhooks: a resent
    message keeps its id). Its attempts so far stay counted in the log; the retry window starts again."""
    async with context.units_of_work() as uow:
        await _owned(uow.store, practice_id, endpoint_id, for_update=False)
        delivery = await uow.store.find_delivery(endpoint_id, delivery_id, for_update=True)
        if delivery is None:
            raise DeliveryNotFound()
        now = context.now()
        queued = replace(
            delivery,
            status=DeliveryStatus.PENDING,
            queued_at=now,
            next_attempt_at=now,
            delivered_at=None,
        )
        await uow.store.save_delivery(queued)
        return queued
