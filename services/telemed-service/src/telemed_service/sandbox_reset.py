"""Sandbox reset of one practice (servicekit.sandbox_reset): the tele-expertises it requested, with
their trace, report, attachments and acts; its care relationships; its identity projection.

Deliberately left: an expertise another practice requested of this one (this practice as requis).
It is the requérant's file (CSP R6316-4) and may be another vendor's sandbox scenario; resetting
one practice must not change what another sees. The file is append-only (migration 0002): only
this sandbox-only route lifts that, for the transaction.
"""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from servicekit.sandbox_reset import delete_in_order
from telemed_service.models import (
    ActRow,
    AttachmentRow,
    CareRelationship,
    ExpertiseRow,
    QualifiedIdentity,
    ReportRow,
    TraceRow,
)

_APPEND_ONLY = {
    table: f"{table}_append_only"
    for table in ("expertise_trace", "expertise_reports", "expertise_attachments")
}


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    requested = select(col(ExpertiseRow.id)).where(col(ExpertiseRow.requerant_practice_id) == practice_id)
    return await delete_in_order(
        session,
        delete(TraceRow).where(col(TraceRow.expertise_id).in_(requested)),
        delete(ReportRow).where(col(ReportRow.expertise_id).in_(requested)),
        delete(AttachmentRow).where(col(AttachmentRow.expertise_id).in_(requested)),
        delete(ActRow).where(col(ActRow.expertise_id).in_(requested)),
        delete(ExpertiseRow).where(col(ExpertiseRow.requerant_practice_id) == practice_id),
        delete(CareRelationship).where(col(CareRelationship.practice_id) == practice_id),
        delete(QualifiedIdentity).where(col(QualifiedIdentity.practice_id) == practice_id),
        triggers=_APPEND_ONLY,
    )
