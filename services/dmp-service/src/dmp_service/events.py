"""Events dmp-service consumes; it publishes none.

- IdentityQualified / IdentityStatusChanged (ins): keep each practice's identity status, create or
  enable the record while some practice holds the identity QUAL, disable it otherwise (`domain.identity`).
  Birth date and sex come from the traits of the latest qualification (the agenda needs them).
  A change out of QUAL carries no INS (an identity that is not QUAL may not share it): it is applied
  through the identity id each practice status remembers, and kept in case it overtook its
  qualification, which it then overrides when dated later.
- ActRecorded (telemed): file the tele-expertise report once per expertise, from the requis's act
  (`domain.tele_expertise`), unless the patient refused the requis (the denial is in the access
  log). A report whose patient has no qualified record yet waits, and is filed when it gets one.
"""

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Uuid, column, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import ActRecorded, IdentityQualified, IdentityStatus, IdentityStatusChanged
from dmp_service.documents_store import Filing, file_new_document
from dmp_service.domain import (
    DenialReason,
    DocumentMetadata,
    PracticeIdentityStatus,
    RecordOperation,
    ReportDigestMismatch,
    decide_access,
    files_report,
    leaves_qualified,
    newer_status,
    record_status,
    report_content,
    report_date_of_care,
)
from dmp_service.guard import Actor, find_record, log_access, record_state, refusals_of
from dmp_service.jobs import POSTPONED
from dmp_service.models import (
    DocumentRow,
    DocumentVersionRow,
    IdentityStatusWithoutIns,
    PatientRecord,
    PracticeIdentity,
    TeleExpertiseReportRow,
)
from dmp_service.wiring import Dmp
from servicekit import PermanentError, Subscription

CONSUMER_GROUP = "dmp-service"
_FILE_REPORT = RecordOperation.FILE_TELE_EXPERTISE_REPORT
_IDENTITY_LOCKS = 0x444D50  # "DMP": the namespace of this service's per-identity advisory locks


async def _lock_identity(session: AsyncSession, identity_id: uuid.UUID) -> None:
    """Serialise the events of one identity: its qualification and its downgrade travel on two topics
    and may be handled at once, each unable to see the other's uncommitted rows."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:identity))"),
        {"namespace": _IDENTITY_LOCKS, "identity": str(identity_id)},
    )


def _status_of(row: PracticeIdentity | IdentityStatusWithoutIns) -> PracticeIdentityStatus:
    return PracticeIdentityStatus(row.practice_id, IdentityStatus(row.status), row.status_at)


def _newer(current: PracticeIdentityStatus, incoming: PracticeIdentityStatus) -> PracticeIdentityStatus:
    try:
        return newer_status(current, incoming)
    except ValueError as error:  # ins-service identities belong to one practice: a corrupt event
        raise PermanentError("an identity's events name two practices") from error


def _keep_newer(row: PracticeIdentity, identity_id: uuid.UUID, incoming: PracticeIdentityStatus) -> bool:
    """Set the row to `incoming` unless it holds a later event; whether it changed."""
    if _newer(_status_of(row), incoming) is not incoming:
        return False
    row.status, row.status_at, row.identity_id = incoming.status.value, incoming.at, identity_id
    return True


async def _apply_practice_status(
    session: AsyncSession, matricule: str, identity_id: uuid.UUID, incoming: PracticeIdentityStatus
) -> None:
    """Keep the practice's latest status for the INS by event time, a downgrade of the identity received
    earlier without its INS included."""
    await session.execute(
        insert(PracticeIdentity)
        .values(
            matricule=matricule,
            practice_id=incoming.practice_id,
            identity_id=identity_id,
            status=incoming.status.value,
            status_at=incoming.at,
        )
        .on_conflict_do_nothing()
    )
    row = (
        await session.execute(
            select(PracticeIdentity)
            .where(
                PracticeIdentity.matricule == matricule,  # type: ignore[arg-type]
                PracticeIdentity.practice_id == incoming.practice_id,  # type: ignore[arg-type]
            )
            .with_for_update()
        )
    ).scalar_one()
    _keep_newer(row, identity_id, incoming)
    remembered = await session.get(IdentityStatusWithoutIns, identity_id)
    if remembered is not None and row.identity_id == identity_id:
        _keep_newer(row, identity_id, _status_of(remembered))
    session.add(row)
    await session.flush()


async def _remember_without_ins(
    session: AsyncSession, identity_id: uuid.UUID, incoming: PracticeIdentityStatus
) -> None:
    await session.execute(
        insert(IdentityStatusWithoutIns)
        .values(
            identity_id=identity_id,
            practice_id=incoming.practice_id,
            status=incoming.status.value,
            status_at=incoming.at,
        )
        .on_conflict_do_nothing()
    )
    row = await session.get(
        IdentityStatusWithoutIns, identity_id, with_for_update=True, populate_existing=True
    )
    assert row is not None
    if _newer(_status_of(row), incoming) is incoming:
        row.status, row.status_at = incoming.status.value, incoming.at
        session.add(row)
        await session.flush()


async def _project_record(session: AsyncSession, dmp: Dmp, matricule: str) -> None:
    """Set the record's status from every practice's (locked first, so the statuses read after the lock
    include those of a concurrent event on the same INS), and resume what waited for QUAL."""
    record = await find_record(session, matricule, lock=True)
    if record is None:
        return
    rows = (
        await session.execute(select(PracticeIdentity).where(PracticeIdentity.matricule == matricule))  # type: ignore[arg-type]
    ).scalars()
    status = record_status(_status_of(row) for row in rows)
    if status is None:
        return
    record.identity_status = status.value
    record.updated_at = dmp.now()
    session.add(record)
    await session.flush()
    if status is IdentityStatus.QUAL:
        await _resume_postponed_pushes(session, dmp, record)
        await _file_waiting_reports(session, dmp, record)


async def identity_qualified(session: AsyncSession, dmp: Dmp, event: IdentityQualified) -> None:
    matricule = event.ins.matricule
    now = dmp.now()
    await _lock_identity(session, event.identity_id)
    await _apply_practice_status(
        session,
        matricule,
        event.identity_id,
        PracticeIdentityStatus(event.practice_id, IdentityStatus.QUAL, event.qualified_at),
    )
    await session.execute(
        insert(PatientRecord)
        .values(
            id=uuid.uuid4(),
            matricule=matricule,
            oid=event.ins.oid.value,
            patient_key=dmp.patient_key(matricule),
            birth_date=event.traits.birth_date,
            sex=event.traits.sex.value,
            identity_status=IdentityStatus.QUAL.value,  # set from every practice's status just below
            qualified_at=event.qualified_at,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["matricule"])
    )
    record = await find_record(session, matricule, lock=True)
    assert record is not None
    if event.qualified_at >= record.qualified_at:
        # The latest qualification's traits win: the agenda follows the identity as INSi returns it.
        record.oid = event.ins.oid.value
        record.birth_date = event.traits.birth_date
        record.sex = event.traits.sex.value
        record.qualified_at = event.qualified_at
        session.add(record)
    await _project_record(session, dmp, matricule)


async def identity_status_changed(session: AsyncSession, dmp: Dmp, event: IdentityStatusChanged) -> None:
    incoming = PracticeIdentityStatus(event.practice_id, event.new_status, event.changed_at)
    await _lock_identity(session, event.identity_id)
    if event.ins is not None:
        await _apply_practice_status(session, event.ins.matricule, event.identity_id, incoming)
        await _project_record(session, dmp, event.ins.matricule)
        return
    # Not QUAL, so ins-service did not share the INS: the identity names the INS it qualified.
    if leaves_qualified(event.previous_status, event.new_status):
        await _remember_without_ins(session, event.identity_id, incoming)
    rows = (
        await session.execute(
            select(PracticeIdentity)
            .where(PracticeIdentity.identity_id == event.identity_id)  # type: ignore[arg-type]
            .order_by(PracticeIdentity.matricule, PracticeIdentity.practice_id)
            .with_for_update()
        )
    ).scalars()
    changed = [row.matricule for row in list(rows) if _keep_newer(row, event.identity_id, incoming)]
    await session.flush()
    for matricule in changed:  # in matricule order, as the rows were locked
        await _project_record(session, dmp, matricule)


async def act_recorded(session: AsyncSession, dmp: Dmp, event: ActRecorded) -> None:
    if not files_report(event.role):
        return
    try:
        content = report_content(event.report.content, event.report.sha256)
    except ReportDigestMismatch as error:
        raise PermanentError("the report does not match its SHA-256") from error
    now = dmp.now()
    inserted = await session.execute(
        insert(TeleExpertiseReportRow)
        .values(
            expertise_id=event.expertise_id,
            act_id=event.act_id,
            matricule=event.patient_ins.matricule,
            oid=event.patient_ins.oid.value,
            practice_id=event.practice_id,
            requis_rpps=event.practitioner_rpps,
            title=event.report.title[:300],
            content_type=event.report.content_type.split(";")[0].strip().lower(),
            content=content,
            sha256=event.report.sha256.lower(),
            performed_at=event.performed_at,
            outcome="awaiting_record",
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing()
        .returning(column("expertise_id", Uuid))
    )
    if inserted.first() is None:
        return  # this expertise's report was already received: filed once, never twice
    report = await session.get(TeleExpertiseReportRow, event.expertise_id, with_for_update=True)
    assert report is not None
    record = await find_record(session, report.matricule, lock=True)
    if record is not None and record.identity_status == IdentityStatus.QUAL.value:
        await _settle_report(session, dmp, record, report)
        return
    # Traced as skipped for now; filed when the identity is (again) qualified.
    await _trace_report(
        session,
        record.patient_key if record is not None else dmp.patient_key(report.matricule),
        report,
        "skipped",
        now,
        reason=DenialReason.NO_RECORD if record is None else DenialReason.IDENTITY_NOT_QUALIFIED,
    )


async def _trace_report(
    session: AsyncSession,
    patient_key: str,
    report: TeleExpertiseReportRow,
    outcome: str,
    at: datetime,
    *,
    reason: DenialReason | None = None,
    document_id: uuid.UUID | None = None,
) -> None:
    """Trace the requis's filing of the report: on the document once filed, else on the expertise."""
    await log_access(
        session,
        patient_key=patient_key,
        actor=Actor(rpps=report.requis_rpps, role=None, practice_id=report.practice_id, channel="event"),
        operation=_FILE_REPORT,
        outcome=outcome,
        at=at,
        reason=reason,
        resource_type="tele_expertise" if document_id is None else "document",
        resource_id=report.expertise_id if document_id is None else document_id,
    )


async def _resume_postponed_pushes(session: AsyncSession, dmp: Dmp, record: PatientRecord) -> None:
    """Pushes held back while the identity was not qualified go out now (see `jobs.push_due_documents`)."""
    documents = DocumentRow.__table__.c  # type: ignore[attr-defined]
    of_record = select(documents.id).where(documents.record_id == record.id)
    await session.execute(
        update(DocumentVersionRow)
        .where(
            DocumentVersionRow.document_id.in_(of_record),  # type: ignore[attr-defined]
            DocumentVersionRow.push_status == "queued",  # type: ignore[arg-type]
            DocumentVersionRow.push_last_error == POSTPONED,  # type: ignore[arg-type]
        )
        .values(push_next_at=dmp.now())
    )


async def _file_waiting_reports(session: AsyncSession, dmp: Dmp, record: PatientRecord) -> None:
    waiting = (
        await session.execute(
            select(TeleExpertiseReportRow)
            .where(
                TeleExpertiseReportRow.matricule == record.matricule,  # type: ignore[arg-type]
                TeleExpertiseReportRow.outcome == "awaiting_record",  # type: ignore[arg-type]
            )
            .with_for_update()
        )
    ).scalars()
    for report in list(waiting):
        await _settle_report(session, dmp, record, report)


async def _settle_report(
    session: AsyncSession, dmp: Dmp, record: PatientRecord, report: TeleExpertiseReportRow
) -> None:
    """File the report, or record that the patient refused its author (DOMAIN.md §5, §6)."""
    now = dmp.now()
    decision = decide_access(
        record_state(record), await refusals_of(session, record.id), report.requis_rpps, _FILE_REPORT, now
    )
    if not decision.allowed:
        report.outcome = "refused"
        report.updated_at = now
        session.add(report)
        await _trace_report(session, record.patient_key, report, "denied", now, reason=decision.reason)
        return
    try:
        metadata = DocumentMetadata(
            type_code=dmp.settings.tele_expertise_report_type_code,
            title=report.title,
            author_rpps=report.requis_rpps,
            date_of_care=report_date_of_care(report.performed_at),
            content_type=report.content_type,
            size_bytes=len(report.content),
            sha256=report.sha256,
        )
    except ValueError as error:
        raise PermanentError("the report's metadata cannot describe a document") from error
    document, _ = await file_new_document(
        session,
        record,
        metadata,
        report.content,
        Filing(
            by_rpps=report.requis_rpps,
            by_practice=report.practice_id,
            source="tele_expertise",
            source_ref=str(report.expertise_id),
        ),
        now,
    )
    report.outcome = "filed"
    report.document_id = document.id
    report.updated_at = now
    session.add(report)
    await _trace_report(session, record.patient_key, report, "allowed", now, document_id=document.id)


def subscriptions(dmp_of: Callable[[], Dmp]) -> dict[str, list[Subscription]]:
    """The consumer group and its handlers; `dmp_of` gives the collaborators once the runtime is up."""

    async def on_identity_qualified(session: AsyncSession, event: IdentityQualified, _: Envelope) -> None:
        await identity_qualified(session, dmp_of(), event)

    async def on_identity_status_changed(
        session: AsyncSession, event: IdentityStatusChanged, _: Envelope
    ) -> None:
        await identity_status_changed(session, dmp_of(), event)

    async def on_act_recorded(session: AsyncSession, event: ActRecorded, _: Envelope) -> None:
        await act_recorded(session, dmp_of(), event)

    return {
        CONSUMER_GROUP: [
            Subscription(IdentityQualified, on_identity_qualified),
            Subscription(IdentityStatusChanged, on_identity_status_changed),
            Subscription(ActRecorded, on_act_recorded),
        ]
    }
