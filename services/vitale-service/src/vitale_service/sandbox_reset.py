"""Sandbox reset of one practice (servicekit.sandbox_reset): its apCV sessions.

Sessions belong to one practice. Seen payload nonces are left: they name no practice and only stop
the same QR code or NFC reading from opening a second session before it expires anyway.
billing keeps a projection of the sessions: the gateway resets billing too.
"""

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from servicekit.sandbox_reset import delete_in_order
from vitale_service.models import ApcvSessionRow


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    return await delete_in_order(
        session, delete(ApcvSessionRow).where(col(ApcvSessionRow.practice_id) == practice_id)
    )
