"""Sandbox reset of one practice (servicekit.sandbox_reset): its invoices, care sheets and its
projection of apCV sessions.

Each row names the practice it was billed to or made in. A tele-expertise act billed to another
practice (the other side of an expertise this one took part in) is that practice's and stays.
Signed care sheets are immutable (migration 0002): only this sandbox-only route lifts the lines'
trigger, for the transaction.
"""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.models import ApcvSessionRow, CareSheetLineRow, CareSheetRow, TeleExpertiseInvoice
from servicekit.sandbox_reset import delete_in_order

_IMMUTABLE_ONCE_SIGNED = {"care_sheet_lines": "care_sheet_lines_only_in_drafts"}


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    sheets = select(col(CareSheetRow.id)).where(col(CareSheetRow.practice_id) == practice_id)
    return await delete_in_order(
        session,
        delete(CareSheetLineRow).where(col(CareSheetLineRow.care_sheet_id).in_(sheets)),
        # One statement: a replacing sheet and the sheet it replaces are of the same practice.
        delete(CareSheetRow).where(col(CareSheetRow.practice_id) == practice_id),
        delete(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.practice_id) == practice_id),
        delete(ApcvSessionRow).where(col(ApcvSessionRow.practice_id) == practice_id),
        triggers=_IMMUTABLE_ONCE_SIGNED,
    )
