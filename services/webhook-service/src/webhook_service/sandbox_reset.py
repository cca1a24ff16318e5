"""Sandbox reset of one practice (servicekit.sandbox_reset): its endpoints, their deliveries with them."""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from servicekit.sandbox_reset import delete_rows
from webhook_service.models import DeliveryRow, EndpointRow


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    deliveries = delete(DeliveryRow).where(col(DeliveryRow.practice_id) == practice_id)
    endpoints = delete(EndpointRow).where(col(EndpointRow.practice_id) == practice_id)
    return {
        "webhook_deliveries": await delete_rows(session, deliveries),
        "webhook_endpoints": await delete_rows(session, endpoints),
    }
