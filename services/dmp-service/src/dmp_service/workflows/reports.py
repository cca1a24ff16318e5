"""Tele-expertise reports filed in the patient's record from telemed's ActRecorded (consumed event).

The report and the patient's INS arrive sealed (`dentalink_contracts.sealing`) and are opened here.

The report is filed once per expertise, from the requis's act (`domain.tele_expertise`), unless the
patient refused the requis (the denial is in the access log). A report whose patient has no qualified
record yet waits, traced as skipped, and is filed when the record gets qualified
(`workflows.identity`). Runs in the consumer's unit of work.
"""

import uuid
from datetime import datetime
from typing import TypeVar

from dentalink_contracts.events import ActRecorded, DomainEvent, IdentityStatus
from dentalink_contracts.sealing import Sealed, SealingError
from dmp_service.context import DmpContext
from dmp_service.domain import (
    DenialReason,
    DocumentMetadata,
    RecordOperation,
    ReportDigestMismatch,
    decide_access,
    files_report,
    report_content,
    report_date_of_care,
)
from dmp_service.models import PatientRecord, TeleExpertiseReportRow
from dmp_service.store import DmpStore
from dmp_service.workflows.access import Actor, access_line, record_state
from dmp_service.workflows.documents import Filing, file_new_document
from servicekit import PermanentError, UnitOfWork

_FILE_REPORT = RecordOperation.FILE_TELE_EXPERTISE_REPORT
T = TypeVar("T")


def opened(context: DmpContext, sealed: Sealed[T], event: DomainEvent, field: str) -> T:
    """A sealed field of a consumed event (`dentalink_contracts.sealing`); one that does not open (another
    key ring, or altered in transit) is dead-lettered: no retry can help."""
    try:
        return context.settings.field_key_ring().open(sealed, event, field)
    except SealingError as error:
        raise PermanentError(str(error)) from error


async def _trace_report(
    uow: UnitOfWork[DmpStore],
    patient_key: str,
    report: TeleExpertiseReportRow,
    outcome: str,
    at: datetime,
    *,
    reason: DenialReason | None = None,
    document_id: uuid.UUID | None = None,
) -> None:
    """Trace the requis's filing of the report: on the document once filed, else on the expertise."""
    await uow.store.log_access(
        access_line(
            patient_key=patient_key,
            actor=Actor(rpps=report.requis_rpps, role=None, practice_id=report.practice_id, channel="event"),
            operation=_FILE_REPORT,
            outcome=outcome,
            at=at,
            reason=reason,
            resource_type="tele_expertise" if document_id is None else "document",
            resource_id=report.expertise_id if document_id is None else document_id,
        )
    )


async def _settle_report(
    uow: UnitOfWork[DmpStore], context: DmpContext, record: PatientRecord, report: TeleExpertiseReportRow
) -> None:
    """File the report, or record that the patient refused its author (DOMAIN.md §5, §6)."""
    now = context.now()
    decision = decide_access(
        record_state(record),
        await uow.store.refusals_in_force(record.id),
        report.requis_rpps,
        _FILE_REPORT,
        now,
    )
    if not decision.allowed:
        report.outcome = "refused"
        report.updated_at = now
        await uow.store.save(report)
        await _trace_report(uow, record.patient_key, report, "denied", now, reason=decision.reason)
        return
    try:
        metadata = DocumentMetadata(
            type_code=context.settings.tele_expertise_report_type_code,
            title=report.title,
            author_rpps=report.requis_rpps,
            date_of_care=report_date_of_care(report.performed_at),
            content_type=report.content_type,
            size_bytes=len(report.content),
            sha256=report.sha256,
        )
    except ValueError as error:
        raise PermanentError("the report's metadata cannot describe a document") from error
    filed = await file_new_document(
        uow,
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
    report.document_id = filed.document.id
    report.updated_at = now
    await uow.store.save(report)
    await _trace_report(uow, record.patient_key, report, "allowed", now, document_id=filed.document.id)


async def file_waiting_reports(uow: UnitOfWork[DmpStore], context: DmpContext, record: PatientRecord) -> None:
    """The reports that waited for the record, now qualified, are filed (or refused)."""
    for report in await uow.store.waiting_reports(record.matricule):
        await _settle_report(uow, context, record, report)


async def act_recorded(uow: UnitOfWork[DmpStore], context: DmpContext, event: ActRecorded) -> None:
    """A tele-expertise act was recorded: its report goes to the patient's record, once."""
    if not files_report(event.role):
        return
    sent = opened(context, event.report, event, "report")
    patient_ins = opened(context, event.patient_ins, event, "patient_ins")
    try:
        content = report_content(sent.content, sent.sha256)
    except ReportDigestMismatch as error:
        raise PermanentError("the report does not match its SHA-256") from error
    now = context.now()
    store = uow.store
    inserted = await store.add_report_once(
        TeleExpertiseReportRow(
            expertise_id=event.expertise_id,
            act_id=event.act_id,
            matricule=patient_ins.matricule,
            oid=patient_ins.oid.value,
            practice_id=event.practice_id,
            requis_rpps=event.practitioner_rpps,
            title=sent.title[:300],
            content_type=sent.content_type.split(";")[0].strip().lower(),
            content=content,
            sha256=sent.sha256.lower(),
            performed_at=event.performed_at,
            outcome="awaiting_record",
            created_at=now,
            updated_at=now,
        )
    )
    if not inserted:
        return  # this expertise's report was already received: filed once, never twice
    report = await store.get(TeleExpertiseReportRow, event.expertise_id, lock=True)
    assert report is not None
    record = await store.find_record(report.matricule, lock=True)
    if record is not None and record.identity_status == IdentityStatus.QUAL.value:
        await _settle_report(uow, context, record, report)
        return
    # Traced as skipped for now; filed when the identity is (again) qualified.
    await _trace_report(
        uow,
        record.patient_key if record is not None else context.patient_key(report.matricule),
        report,
        "skipped",
        now,
        reason=DenialReason.NO_RECORD if record is None else DenialReason.IDENTITY_NOT_QUALIFIED,
    )
