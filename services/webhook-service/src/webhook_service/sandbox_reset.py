"""Sandbox reset of one practice (servicekit.sandbox_reset): its endpoints, their deliveries with them."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from servicekit.sandbox_reset import delete_in_order
from webhook_service.models import DeliveryRow, EndpointRow


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    owned = select(EndpointRow.id).where(col(EndpointRow.practice_id) == practice_id)
    # The endpoints are locked first, as recording an attempt locks them (endpoint, then delivery):
    # taking the deliveries first would deadlock with an attempt in flight.
    await session.execute(owned.with_for_update())
    # The deliveries are deleted first, so the answer counts them (the endpoints' ON DELETE CASCADE
    # would take them silently).
    return await delete_in_order(
        session,
        delete(DeliveryRow).where(col(DeliveryRow.endpoint_id).in_(owned)),
        delete(EndpointRow).where(col(EndpointRow.practice_id) == practice_id),
    )
