"""Persistence of tele-expertises: rows ↔ domain snapshots, who may see a file, and the append-only trace."""

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from sqlalchemy import func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import col, select

from dentalink_contracts.values import Ins, InsOid, Profession
from servicekit import CallerContext, ProblemError
from telemed_service.domain import (
    Attachment,
    DentalSpecialty,
    ExpertiseStatus,
    MedicalSpecialty,
    Professional,
    Refusal,
    RefusalReason,
    Report,
    Situation,
    TeleExpertise,
    TraceEntry,
)
from telemed_service.models import ActRow, AttachmentRow, ExpertiseRow, ReportRow, TraceRow

REQUEST_PART = "request"
REPORT_PART = "report"


def not_found() -> ProblemError:
    # Same answer for "does not exist" and "not yours": never confirm another practice's file exists.
    return ProblemError(404, "tele-expertise-not-found", "No such tele-expertise.")


def professional(
    rpps: str, profession: str, specialty: str | None, finess: str | None = None
) -> Professional:
    """A domain Professional from stored or forwarded fields."""
    return Professional.model_validate(
        {"rpps": rpps, "profession": profession, "specialty": specialty, "establishment_finess": finess}
    )


def known_specialty(
    profession: Profession, specialty: str | None
) -> DentalSpecialty | MedicalSpecialty | None:
    """The caller's specialty in the domain's vocabulary, or None when it is not one the rules use."""
    if specialty is None:
        return None
    try:
        if profession is Profession.DENTIST:
            return DentalSpecialty(specialty)
        if profession is Profession.PHYSICIAN:
            return MedicalSpecialty(specialty)
    except ValueError:
        # A physician's specialty outside our list is still a medical specialty (avenant 1 art. 58).
        return MedicalSpecialty.OTHER if profession is Profession.PHYSICIAN else None
    return None


def visible_to(row: ExpertiseRow, caller: CallerContext) -> bool:
    """The requérant's practice, the requis himself (by RPPS) and, once known, the requis's practice."""
    return (
        row.requerant_practice_id == caller.practice_id
        or row.requis_rpps == caller.professional.rpps
        or (row.requis_practice_id is not None and row.requis_practice_id == caller.practice_id)
    )


def visibility_clause(caller: CallerContext) -> Any:
    return or_(
        col(ExpertiseRow.requerant_practice_id) == caller.practice_id,
        col(ExpertiseRow.requis_rpps) == caller.professional.rpps,
        col(ExpertiseRow.requis_practice_id) == caller.practice_id,
    )


async def visible_expertise(
    session: AsyncSession, expertise_id: UUID, caller: CallerContext, *, for_update: bool = False
) -> ExpertiseRow:
    """The row if the caller may see it (locked when `for_update`), else a 404 problem."""
    statement = select(ExpertiseRow).where(col(ExpertiseRow.id) == expertise_id)
    if for_update:
        statement = statement.with_for_update()
    row: ExpertiseRow | None = (await session.execute(statement)).scalars().first()
    if row is None or not visible_to(row, caller):
        raise not_found()
    return row


async def attachments_of(session: AsyncSession, expertise_id: UUID) -> list[AttachmentRow]:
    """Metadata of the files of an expertise, in the order they were sent (content not loaded)."""
    statement = (
        select(AttachmentRow)
        .where(col(AttachmentRow.expertise_id) == expertise_id)
        .options(defer(cast(QueryableAttribute[bytes], AttachmentRow.content)))
        .order_by(col(AttachmentRow.part), col(AttachmentRow.position))
    )
    return list((await session.execute(statement)).scalars().all())


async def report_of(session: AsyncSession, expertise_id: UUID) -> ReportRow | None:
    return await session.get(ReportRow, expertise_id)


async def acts_of(session: AsyncSession, expertise_id: UUID) -> list[ActRow]:
    statement = select(ActRow).where(col(ActRow.expertise_id) == expertise_id).order_by(col(ActRow.code))
    return list((await session.execute(statement)).scalars().all())


async def trace_of(session: AsyncSession, expertise_id: UUID) -> list[TraceRow]:
    statement = select(TraceRow).where(col(TraceRow.expertise_id) == expertise_id).order_by(col(TraceRow.seq))
    return list((await session.execute(statement)).scalars().all())


def attachment_of(row: AttachmentRow) -> Attachment:
    return Attachment(
        content_type=row.content_type, size_bytes=row.size_bytes, sha256=row.sha256, name=row.name
    )


def to_domain(
    row: ExpertiseRow, attachments: Sequence[AttachmentRow], report: ReportRow | None
) -> TeleExpertise:
    """The domain snapshot of a stored tele-expertise (invariants re-checked on the way)."""
    report_files = tuple(attachment_of(file) for file in attachments if file.part == REPORT_PART)
    return TeleExpertise(
        id=row.id,
        situation=Situation(row.situation),
        requerant=professional(
            row.requerant_rpps, row.requerant_profession, row.requerant_specialty, row.requerant_finess
        ),
        requis=professional(row.requis_rpps, row.requis_profession, row.requis_specialty),
        known_relationship=row.known_relationship,
        patient=Ins(matricule=row.patient_matricule, oid=InsOid(row.patient_oid)),
        reasons=row.reasons,
        attachments=tuple(attachment_of(file) for file in attachments if file.part == REQUEST_PART),
        status=ExpertiseStatus(row.status),
        requested_at=row.requested_at,
        accepted_at=row.accepted_at,
        closed_at=row.closed_at,
        report=None
        if report is None
        else Report(
            text=report.text,
            attachments=report_files,
            acts=tuple(report.acts),
            prescriptions=tuple(report.prescriptions),
        ),
        refusal=None
        if row.refusal_reason is None
        else Refusal(reason=RefusalReason(row.refusal_reason), detail=row.refusal_detail),
        cancellation_reason=row.cancellation_reason,
    )


async def load_domain(session: AsyncSession, row: ExpertiseRow) -> TeleExpertise:
    return to_domain(row, await attachments_of(session, row.id), await report_of(session, row.id))


def write_state(row: ExpertiseRow, expertise: TeleExpertise) -> None:
    """Copy the mutable part of the snapshot onto the row (the facts of the request never change)."""
    row.status = expertise.status.value
    row.accepted_at = expertise.accepted_at
    row.closed_at = expertise.closed_at
    if expertise.refusal is not None:
        row.refusal_reason = expertise.refusal.reason.value
        row.refusal_detail = expertise.refusal.detail
    row.cancellation_reason = expertise.cancellation_reason


async def append_trace(
    session: AsyncSession,
    entry: TraceEntry,
    *,
    actor_practice_id: str | None,
    incident_ref: str | None = None,
) -> TraceRow:
    """Append one entry; the caller holds the expertise row lock, so `seq` has no gap and no race."""
    last = (
        await session.execute(
            select(func.coalesce(func.max(TraceRow.seq), 0)).where(
                col(TraceRow.expertise_id) == entry.expertise_id
            )
        )
    ).scalar_one()
    row = TraceRow(
        expertise_id=entry.expertise_id,
        seq=int(last) + 1,
        at=entry.at,
        action=entry.action.value,
        actor_role=entry.actor_role.value,
        actor_rpps=entry.actor_rpps,
        actor_practice_id=actor_practice_id,
        from_status=entry.from_status.value if entry.from_status else None,
        to_status=entry.to_status.value,
        details=entry.details,
        incident_ref=incident_ref,
    )
    session.add(row)
    await session.flush()
    return row
