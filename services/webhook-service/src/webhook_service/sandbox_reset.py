"""The webhook service's part of a sandbox reset: the practice's endpoints and their delivery log."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from servicekit.sandbox_reset import delete_rows
from webhook_service.models import DeliveryRow, EndpointRow


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    owned = select(EndpointRow.id).where(col(EndpointRow.practice_id) == practice_id)
    # The endpoints are locked first, as recording an attempt locks them (endpoint, then delivery):
    # taking the deliveries first would deadlock with an attempt in flight.
    await session.execute(owned.with_for_update())
    # The deliveries are deleted first, so the answer counts them (the endpoints' ON DELETE CASCADE
    # would take them silently).
    deliveries = delete(DeliveryRow).where(col(DeliveryRow.endpoint_id).in_(owned))
    endpoints = delete(EndpointRow).where(col(EndpointRow.practice_id) == practice_id)
    return {
        "webhook_deliveries": await delete_rows(session, deliveries),
        "webhook_endpoints": await delete_rows(session, endpoints),
    }
