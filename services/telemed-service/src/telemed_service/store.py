"""Persistence of tele-expertises: rows ↔ domain snapshots, the INS projection, the append-only trace.

`TelemedStore` is what the workflows type against; `SqlTelemedStore` keeps it in PostgreSQL and
`telemed_service.testing.InMemoryTelemedStore` in memory, for the workflows' unit tests. A store
returns None (or False) for what is not there; who may see what and what a step may do are the
workflows' and the domain's business. What the API shows is read back as rows (`ExpertiseFile`),
which `schemas` turns into views.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol, TypeVar, cast
from uuid import UUID, uuid4

from sqlalchemy import (
    CursorResult,
    Integer,
    Select,
    case,
    func,
    literal,
    literal_column,
    or_,
    tuple_,
    union_all,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, defer, undefer
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from dentalink_contracts.events.telemed import ActRecorded, ActRole
from dentalink_contracts.values import Ins, InsOid
from servicekit.kit_tables import outbox_messages
from telemed_service.domain import (
    Act,
    Attachment,
    ExpertiseStatus,
    FiledExpertise,
    PartyFilter,
    Refusal,
    RefusalReason,
    Report,
    Situation,
    TeleExpertise,
    TraceEntry,
    professional,
)
from telemed_service.domain.report_document import ReportDocument
from telemed_service.domain.states import OPEN_STATUSES
from telemed_service.models import (
    ActRow,
    AttachmentRow,
    CareRelationship,
    ExpertiseRow,
    QualifiedIdentity,
    ReportRow,
    TraceRow,
)

REQUEST_PART = "request"
REPORT_PART = "report"
QUALIFIED = "QUAL"


# ---------------------------------------------------------------- what goes in and out


@dataclass(frozen=True)
class DecodedFile:
    """One uploaded file: its bytes and the metadata the domain checks."""

    attachment: Attachment
    content: bytes


@dataclass(frozen=True)
class IdentityStatusFact:
    """What ins-service said about one identity in one practice, and when."""

    identity_id: UUID
    practice_id: str
    ins: Ins | None
    status: str
    at: datetime


@dataclass(frozen=True)
class BillingOutcome:
    """What billing-service said about one act (billed, or rejected and why), and when."""

    status: str  # billed | rejected
    at: datetime
    invoice_id: UUID | None = None
    amount_cents: int | None = None
    payer: str | None = None
    rejection_reason: str | None = None
    rejection_detail: str | None = None


@dataclass(frozen=True)
class StalePublication:
    """An ActRecorded the outbox relay has kept failing to publish."""

    event_id: UUID
    expertise_id: UUID
    act_code: str
    error: str
    since: datetime


class ExpertiseFile(NamedTuple):
    """A tele-expertise as the API shows it: its row, its files (metadata only), report and acts."""

    row: ExpertiseRow
    attachments: list[AttachmentRow]
    report: ReportRow | None
    acts: list[ActRow]


class TelemedStore(Protocol):
    """The tele-expertises, their trace and the projections the workflows read and write."""

    # -- the INS projection (ins-service) and care relationships

    async def project_identity_status(self, fact: IdentityStatusFact) -> None:
        """Upsert the identity's status; the newest status time wins, whatever the delivery order."""
        ...

    async def holds_qualified(self, practice_id: str, patient: Ins) -> bool:
        """Whether the practice holds this INS in QUAL status."""
        ...

    async def knows(self, practice_id: str, patient: Ins, dentist_rpps: str) -> bool:
        """Whether the practice declared that the patient knows this dentist."""
        ...

    async def declare_care_relationship(self, declared: CareRelationship) -> tuple[CareRelationship, bool]:
        """Keep the declaration unless the same one exists: (the stored one, whether it is new)."""
        ...

    # -- tele-expertises (commands)

    async def add(self, filed: FiledExpertise) -> None:
        """Store a new tele-expertise (its request's files go through `add_files`)."""
        ...

    async def get(self, expertise_id: UUID, *, for_update: bool = False) -> FiledExpertise | None:
        """The filed tele-expertise, locked until the unit of work ends when `for_update`."""
        ...

    async def claim(self, expertise_id: UUID) -> FiledExpertise | None:
        """The filed tele-expertise locked for this unit, or None when absent or locked by another."""
        ...

    async def overdue(self, requested_before: datetime, limit: int) -> list[FiledExpertise]:
        """Claim open tele-expertises requested before the instant, oldest first, skipping locked ones."""
        ...

    async def save(self, filed: FiledExpertise) -> None:
        """Write the changing part of a snapshot (the facts of the request never change)."""
        ...

    async def add_files(
        self, expertise_id: UUID, part: str, files: Sequence[DecodedFile], by_rpps: str, at: datetime
    ) -> None: ...

    async def add_report(
        self, expertise_id: UUID, report: Report, document: ReportDocument, by_rpps: str, at: datetime
    ) -> None: ...

    async def add_acts(self, acts: Sequence[Act], practices: dict[ActRole, str]) -> None: ...

    async def append_trace(
        self, entry: TraceEntry, *, actor_practice_id: str | None, incident_ref: str | None = None
    ) -> TraceRow:
        """Append one entry after the last (the caller holds the tele-expertise's lock)."""
        ...

    async def incident_traced(self, expertise_id: UUID, reference: str) -> bool: ...

    async def show_billing(self, act_id: UUID, expertise_id: UUID, outcome: BillingOutcome) -> bool:
        """Show billing's outcome on the act unless a newer one is shown; whether the act changed."""
        ...

    async def stale_act_publications(self, before: datetime, limit: int) -> list[StalePublication]:
        """ActRecorded events still unsent, with a publish error, queued before the instant."""
        ...

    # -- what the API shows

    async def file(self, expertise_id: UUID) -> ExpertiseFile:
        """The stored tele-expertise (it must exist) with its files' metadata, report and acts."""
        ...

    async def expertises(
        self,
        *,
        practice_id: str,
        rpps: str,
        party: PartyFilter | None,
        status: ExpertiseStatus | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[ExpertiseRow]:
        """Up to `limit` rows the caller sees (or takes part in as `party`), by (created_at, id), after
        the given position."""
        ...

    async def attachment(self, attachment_id: UUID) -> AttachmentRow | None: ...

    async def trace(self, expertise_id: UUID) -> list[TraceRow]: ...


# ---------------------------------------------------------------- rows ↔ domain, shared by both stores


def attachment_of(row: AttachmentRow) -> Attachment:
    return Attachment(
        content_type=row.content_type, size_bytes=row.size_bytes, sha256=row.sha256, name=row.name
    )


def to_domain(
    row: ExpertiseRow, attachments: Sequence[AttachmentRow], report: ReportRow | None
) -> FiledExpertise:
    """The filed snapshot of a stored tele-expertise (invariants re-checked on the way)."""
    report_files = tuple(attachment_of(file) for file in attachments if file.part == REPORT_PART)
    expertise = TeleExpertise(
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
    return FiledExpertise(expertise, row.requerant_practice_id, row.requis_practice_id)


def new_row(filed: FiledExpertise) -> ExpertiseRow:
    """The row of a tele-expertise just requested."""
    expertise = filed.expertise
    requerant, requis = expertise.requerant, expertise.requis
    return ExpertiseRow(
        id=expertise.id,
        requerant_practice_id=filed.requerant_practice_id,
        requis_practice_id=filed.requis_practice_id,
        situation=expertise.situation.value,
        status=expertise.status.value,
        requerant_rpps=requerant.rpps,
        requerant_profession=requerant.profession.value,
        requerant_specialty=requerant.specialty.value if requerant.specialty else None,
        requerant_finess=requerant.establishment_finess,
        requis_rpps=requis.rpps,
        requis_profession=requis.profession.value,
        requis_specialty=requis.specialty.value if requis.specialty else None,
        known_relationship=expertise.known_relationship,
        patient_matricule=expertise.patient.matricule,
        patient_oid=expertise.patient.oid.value,
        reasons=expertise.reasons,
        requested_at=expertise.requested_at,
        created_at=expertise.requested_at,
    )


def write_state(row: ExpertiseRow, filed: FiledExpertise) -> None:
    """Copy the changing part of the snapshot onto the row (the facts of the request never change)."""
    expertise = filed.expertise
    row.status = expertise.status.value
    row.accepted_at = expertise.accepted_at
    row.closed_at = expertise.closed_at
    if expertise.refusal is not None:
        row.refusal_reason = expertise.refusal.reason.value
        row.refusal_detail = expertise.refusal.detail
    row.cancellation_reason = expertise.cancellation_reason
    row.requis_practice_id = filed.requis_practice_id


def file_rows(
    expertise_id: UUID, part: str, files: Sequence[DecodedFile], by_rpps: str, at: datetime
) -> list[AttachmentRow]:
    return [
        AttachmentRow(
            id=uuid4(),
            expertise_id=expertise_id,
            part=part,
            position=position,
            name=file.attachment.name,
            content_type=file.attachment.content_type,
            size_bytes=file.attachment.size_bytes,
            sha256=file.attachment.sha256,
            content=file.content,
            uploaded_by_rpps=by_rpps,
            created_at=at,
        )
        for position, file in enumerate(files)
    ]


def report_row(
    expertise_id: UUID, report: Report, document: ReportDocument, by_rpps: str, at: datetime
) -> ReportRow:
    return ReportRow(
        expertise_id=expertise_id,
        text=report.text,
        acts=list(report.acts),
        prescriptions=list(report.prescriptions),
        answered_at=at,
        answered_by_rpps=by_rpps,
        title=document.title,
        content_type=document.content_type,
        content=document.content,
        content_sha256=document.sha256,
    )


def act_rows(acts: Sequence[Act], practices: dict[ActRole, str]) -> list[ActRow]:
    return [
        ActRow(
            act_id=act.act_id,
            expertise_id=act.expertise_id,
            role=act.role.value,
            code=act.code.value,
            practice_id=practices[act.role],
            practitioner_rpps=act.practitioner_rpps,
            performed_at=act.performed_at,
        )
        for act in acts
    ]


def trace_row(
    entry: TraceEntry, seq: int, actor_practice_id: str | None, incident_ref: str | None
) -> TraceRow:
    return TraceRow(
        expertise_id=entry.expertise_id,
        seq=seq,
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


def billing_values(outcome: BillingOutcome) -> dict[str, Any]:
    """The act's columns billing's outcome sets."""
    return {
        "billing_status": outcome.status,
        "billing_at": outcome.at,
        "invoice_id": outcome.invoice_id,
        "amount_cents": outcome.amount_cents,
        "payer": outcome.payer,
        "rejection_reason": outcome.rejection_reason,
        "rejection_detail": outcome.rejection_detail,
    }


# ---------------------------------------------------------------- PostgreSQL


Q = TypeVar("Q", bound=Select[Any])


def expertises_query(
    *,
    practice_id: str,
    rpps: str,
    party: PartyFilter | None,
    status: ExpertiseStatus | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> SelectOfScalar[ExpertiseRow]:
    """`TelemedStore.expertises`: the page the caller sees, as one index walk per side it may be on.

    The caller takes part as the requerant's practice, as the requis dentist, or as the requis's
    practice. One OR of the three under `ORDER BY created_at LIMIT n` can only walk the whole table
    in that order and filter it (or read every row of each side, then sort): either costs what the
    table holds. Each side here is walked in (created_at, id) order off its own index
    (side[, status], created_at, id) (migration 0003), at most a page each; `IN` merges the sides and
    drops the rows found twice (an expertise asked within one practice is on two sides), and the
    first page of those few rows is the answer. Each side takes the cursor, so a next page is exact.
    """
    created_at, expertise_id = col(ExpertiseRow.created_at), col(ExpertiseRow.id)
    sides = []
    if party is not PartyFilter.REQUIS:
        sides.append(col(ExpertiseRow.requerant_practice_id) == practice_id)
    if party is not PartyFilter.REQUERANT:
        sides += [col(ExpertiseRow.requis_rpps) == rpps, col(ExpertiseRow.requis_practice_id) == practice_id]

    def walk(query: Q) -> Q:
        if status is not None:
            query = query.where(col(ExpertiseRow.status) == status.value)
        if after is not None:
            query = query.where(
                tuple_(created_at, expertise_id) > tuple_(literal(after[0]), literal(after[1]))
            )
        return query.order_by(created_at, expertise_id)

    if len(sides) == 1:
        return walk(select(ExpertiseRow).where(sides[0])).limit(limit)
    # The page size written into each side's LIMIT, not bound: planning blind to it (a generic plan
    # takes a LIMIT $n for a tenth of the side) would join the sides' ids back by scanning the table.
    page_size = literal_column(str(int(limit)), Integer)
    ids = union_all(*(walk(sa_select(expertise_id).where(side)).limit(page_size) for side in sides))
    return select(ExpertiseRow).where(expertise_id.in_(ids)).order_by(created_at, expertise_id).limit(limit)


class SqlTelemedStore:
    """`TelemedStore` over one SQLAlchemy session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def project_identity_status(self, fact: IdentityStatusFact) -> None:
        statement = insert(QualifiedIdentity).values(
            identity_id=fact.identity_id,
            practice_id=fact.practice_id,
            matricule=fact.ins.matricule if fact.ins else None,
            oid=fact.ins.oid.value if fact.ins else None,
            status=fact.status,
            status_at=fact.at,
        )
        excluded = statement.excluded
        status_at = col(QualifiedIdentity.status_at)
        newer = status_at <= excluded.status_at
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[col(QualifiedIdentity.identity_id)],
                set_={
                    "practice_id": excluded.practice_id,
                    "matricule": func.coalesce(excluded.matricule, col(QualifiedIdentity.matricule)),
                    "oid": func.coalesce(excluded.oid, col(QualifiedIdentity.oid)),
                    "status": case((newer, excluded.status), else_=col(QualifiedIdentity.status)),
                    "status_at": func.greatest(excluded.status_at, status_at),
                },
            )
        )

    async def holds_qualified(self, practice_id: str, patient: Ins) -> bool:
        found = await self.session.execute(
            select(col(QualifiedIdentity.identity_id)).where(
                col(QualifiedIdentity.practice_id) == practice_id,
                col(QualifiedIdentity.matricule) == patient.matricule,
                col(QualifiedIdentity.oid) == patient.oid.value,
                col(QualifiedIdentity.status) == QUALIFIED,
            )
        )
        return found.first() is not None

    async def knows(self, practice_id: str, patient: Ins, dentist_rpps: str) -> bool:
        found = await self.session.execute(
            select(col(CareRelationship.id)).where(
                col(CareRelationship.practice_id) == practice_id,
                col(CareRelationship.patient_matricule) == patient.matricule,
                col(CareRelationship.patient_oid) == patient.oid.value,
                col(CareRelationship.dentist_rpps) == dentist_rpps,
            )
        )
        return found.first() is not None

    async def declare_care_relationship(self, declared: CareRelationship) -> tuple[CareRelationship, bool]:
        inserted = await self.session.execute(
            insert(CareRelationship)
            .values(
                id=declared.id,
                practice_id=declared.practice_id,
                patient_matricule=declared.patient_matricule,
                patient_oid=declared.patient_oid,
                dentist_rpps=declared.dentist_rpps,
                kind=declared.kind,
                declared_by_rpps=declared.declared_by_rpps,
                created_at=declared.created_at,
            )
            .on_conflict_do_nothing(constraint="care_relationship_uq")
            .returning(col(CareRelationship.id))
        )
        created = inserted.first() is not None
        existing = (
            await self.session.execute(
                select(CareRelationship).where(
                    col(CareRelationship.practice_id) == declared.practice_id,
                    col(CareRelationship.patient_matricule) == declared.patient_matricule,
                    col(CareRelationship.patient_oid) == declared.patient_oid,
                    col(CareRelationship.dentist_rpps) == declared.dentist_rpps,
                    col(CareRelationship.kind) == declared.kind,
                )
            )
        ).scalar_one()
        return existing, created

    async def add(self, filed: FiledExpertise) -> None:
        self.session.add(new_row(filed))
        await self.session.flush()

    async def _filed(self, row: ExpertiseRow) -> FiledExpertise:
        return to_domain(row, await self._attachments(row.id), await self._report(row.id))

    async def get(self, expertise_id: UUID, *, for_update: bool = False) -> FiledExpertise | None:
        statement = select(ExpertiseRow).where(col(ExpertiseRow.id) == expertise_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self.session.execute(statement)).scalars().first()
        return None if row is None else await self._filed(row)

    async def claim(self, expertise_id: UUID) -> FiledExpertise | None:
        statement = (
            select(ExpertiseRow).where(col(ExpertiseRow.id) == expertise_id).with_for_update(skip_locked=True)
        )
        row = (await self.session.execute(statement)).scalars().first()
        return None if row is None else await self._filed(row)

    async def overdue(self, requested_before: datetime, limit: int) -> list[FiledExpertise]:
        statement = (
            select(ExpertiseRow)
            .where(col(ExpertiseRow.status).in_([status.value for status in OPEN_STATUSES]))
            .where(col(ExpertiseRow.requested_at) < requested_before)
            .order_by(col(ExpertiseRow.requested_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list((await self.session.execute(statement)).scalars().all())
        return [await self._filed(row) for row in rows]

    async def save(self, filed: FiledExpertise) -> None:
        # The row was loaded in this session (and locked): `get` finds it in the identity map.
        row = await self.session.get(ExpertiseRow, filed.expertise.id)
        if row is None:
            raise LookupError(f"tele-expertise {filed.expertise.id} was never stored")
        write_state(row, filed)

    async def add_files(
        self, expertise_id: UUID, part: str, files: Sequence[DecodedFile], by_rpps: str, at: datetime
    ) -> None:
        self.session.add_all(file_rows(expertise_id, part, files, by_rpps, at))

    async def add_report(
        self, expertise_id: UUID, report: Report, document: ReportDocument, by_rpps: str, at: datetime
    ) -> None:
        self.session.add(report_row(expertise_id, report, document, by_rpps, at))

    async def add_acts(self, acts: Sequence[Act], practices: dict[ActRole, str]) -> None:
        self.session.add_all(act_rows(acts, practices))
        await self.session.flush()

    async def append_trace(
        self, entry: TraceEntry, *, actor_practice_id: str | None, incident_ref: str | None = None
    ) -> TraceRow:
        # The caller holds the tele-expertise's row lock, so `seq` has no gap and no race.
        last = (
            await self.session.execute(
                select(func.coalesce(func.max(col(TraceRow.seq)), 0)).where(
                    col(TraceRow.expertise_id) == entry.expertise_id
                )
            )
        ).scalar_one()
        row = trace_row(entry, int(last) + 1, actor_practice_id, incident_ref)
        self.session.add(row)
        await self.session.flush()
        return row

    async def incident_traced(self, expertise_id: UUID, reference: str) -> bool:
        found = await self.session.execute(
            select(col(TraceRow.id))
            .where(col(TraceRow.expertise_id) == expertise_id)
            .where(col(TraceRow.incident_ref) == reference)
        )
        return found.first() is not None

    async def show_billing(self, act_id: UUID, expertise_id: UUID, outcome: BillingOutcome) -> bool:
        billing_at = col(ActRow.billing_at)
        result = await self.session.execute(
            update(ActRow)
            .where(col(ActRow.act_id) == act_id, col(ActRow.expertise_id) == expertise_id)
            .where(or_(billing_at.is_(None), billing_at <= outcome.at))
            .values(**billing_values(outcome))
        )
        # An UPDATE's result is a CursorResult, which alone tells the rows it changed.
        return bool(cast(CursorResult[Any], result).rowcount)

    async def stale_act_publications(self, before: datetime, limit: int) -> list[StalePublication]:
        data = outbox_messages.c.payload["data"]
        rows = (
            await self.session.execute(
                sa_select(
                    outbox_messages.c.id,
                    data["expertise_id"].astext,
                    data["act_code"].astext,
                    outbox_messages.c.last_error,
                    outbox_messages.c.created_at,
                )
                .where(outbox_messages.c.event_type == ActRecorded.event_type)
                .where(outbox_messages.c.sent_at.is_(None))
                .where(outbox_messages.c.last_error.is_not(None))
                .where(outbox_messages.c.created_at < before)
                .order_by(outbox_messages.c.created_at)
                .limit(limit)
            )
        ).all()
        return [
            StalePublication(event_id, UUID(expertise_id), code, error, since)
            for event_id, expertise_id, code, error, since in rows
        ]

    async def _attachments(self, expertise_id: UUID) -> list[AttachmentRow]:
        """Metadata of the files of an expertise, in the order they were sent (content not loaded)."""
        statement = (
            select(AttachmentRow)
            .where(col(AttachmentRow.expertise_id) == expertise_id)
            .options(defer(cast(QueryableAttribute[bytes], AttachmentRow.content)))
            .order_by(col(AttachmentRow.part), col(AttachmentRow.position))
        )
        return list((await self.session.execute(statement)).scalars().all())

    async def _report(self, expertise_id: UUID) -> ReportRow | None:
        return await self.session.get(ReportRow, expertise_id)

    async def file(self, expertise_id: UUID) -> ExpertiseFile:
        row = await self.session.get(ExpertiseRow, expertise_id)
        if row is None:
            raise LookupError(f"tele-expertise {expertise_id} was never stored")
        acts = select(ActRow).where(col(ActRow.expertise_id) == expertise_id).order_by(col(ActRow.code))
        return ExpertiseFile(
            row,
            await self._attachments(expertise_id),
            await self._report(expertise_id),
            list((await self.session.execute(acts)).scalars().all()),
        )

    async def expertises(
        self,
        *,
        practice_id: str,
        rpps: str,
        party: PartyFilter | None,
        status: ExpertiseStatus | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[ExpertiseRow]:
        statement = expertises_query(
            practice_id=practice_id, rpps=rpps, party=party, status=status, after=after, limit=limit
        )
        return list((await self.session.execute(statement)).scalars().all())

    async def attachment(self, attachment_id: UUID) -> AttachmentRow | None:
        # With its content, even when this session already holds the file's metadata without it.
        statement = (
            select(AttachmentRow)
            .where(col(AttachmentRow.id) == attachment_id)
            .options(undefer(cast(QueryableAttribute[bytes], AttachmentRow.content)))
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(statement)).scalars().first()

    async def trace(self, expertise_id: UUID) -> list[TraceRow]:
        statement = (
            select(TraceRow).where(col(TraceRow.expertise_id) == expertise_id).order_by(col(TraceRow.seq))
        )
        return list((await self.session.execute(statement)).scalars().all())
