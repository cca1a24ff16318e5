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

from servicekit.sandbox_reset import delete_rows, lift_trigger, restore_trigger
from telemed_service.models import (
    ActRow,
    AttachmentRow,
    CareRelationship,
    ExpertiseRow,
    QualifiedIdentity,
    ReportRow,
    TraceRow,
)

_FILE = (
    (TraceRow, "expertise_trace"),
    (ReportRow, "expertise_reports"),
    (AttachmentRow, "expertise_attachments"),
)


async def purge_practice(session: AsyncSession, practice_id: str) -> dict[str, int]:
    requested = select(col(ExpertiseRow.id)).where(col(ExpertiseRow.requerant_practice_id) == practice_id)
    deleted: dict[str, int] = {}
    for model, table in _FILE:
        await lift_trigger(session, table, f"{table}_append_only")
        deleted[table] = await delete_rows(
            session, delete(model).where(col(model.expertise_id).in_(requested))
        )
        await restore_trigger(session, table, f"{table}_append_only")
    deleted["expertise_acts"] = await delete_rows(
        session, delete(ActRow).where(col(ActRow.expertise_id).in_(requested))
    )
    deleted["tele_expertises"] = await delete_rows(
        session, delete(ExpertiseRow).where(col(ExpertiseRow.requerant_practice_id) == practice_id)
    )
    deleted["care_relationships"] = await delete_rows(
        session, delete(CareRelationship).where(col(CareRelationship.practice_id) == practice_id)
    )
    deleted["identity_statuses"] = await delete_rows(
        session, delete(QualifiedIdentity).where(col(QualifiedIdentity.practice_id) == practice_id)
    )
    return deleted
