"""Background work: pushes to the national DMP, appointment reminders, e-mail delivery.

Each job is safe with several instances running: a row is claimed with `FOR UPDATE SKIP LOCKED`
and handled in the claiming transaction (the remote call is bounded by a timeout), and reminders
are inserted under a unique idempotency key.
"""

import asyncio
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Uuid, column, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.adapters.email import MailerUnavailable, OutgoingEmail
from dmp_service.adapters.national_dmp import NationalDmpRejected, NationalDmpUnavailable, NationalDocument
from dmp_service.domain import (
    AddedBy,
    Appointment,
    Notification,
    PushState,
    PushStatus,
    appointment_reminder,
    record_push_failure,
    record_push_rejection,
    record_push_success,
    reminders_due,
    retry_delay,
)
from dmp_service.metrics import emails, national_pushes
from dmp_service.models import (
    AppointmentRow,
    DocumentContent,
    DocumentRow,
    DocumentVersionRow,
    NotificationRow,
    PatientRecord,
)
from dmp_service.wiring import dmp_of
from servicekit import Runtime
from servicekit.telemetry import count_after_commit

log = logging.getLogger("dmp_service.jobs")

R = TypeVar("R")

# Why a queued push waits without spending attempts: the identity is not qualified any more.
POSTPONED = "identity_not_qualified"


def pending_notification(
    record_id: uuid.UUID,
    notice: Notification,
    kind: str,
    now: datetime,
    *,
    appointment_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The columns of an e-mail queued for `deliver_notifications`, to be sent from `now`."""
    return {
        "id": uuid.uuid4(),
        "record_id": record_id,
        "key": notice.key,
        "kind": kind,
        "appointment_id": appointment_id,
        "subject": notice.subject,
        "body": notice.body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def _claim_due(
    session: AsyncSession, table: type[R], waiting: ColumnElement[bool], due_at: Any, now: datetime
) -> R | None:
    """The `waiting` row of `table` due first (`due_at` passed), locked; rows other instances hold skipped."""
    return (
        await session.execute(
            select(table)
            .where(waiting, due_at <= now)
            .order_by(due_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
    ).scalar_one_or_none()


async def push_due_documents(runtime: Runtime) -> int:
    """Push queued document versions whose time has come; returns how many were attempted."""
    dmp = dmp_of(runtime)
    attempted = 0
    for _ in range(dmp.settings.push_batch_size):
        now = dmp.now()
        async with dmp.database.transaction() as session:
            row = await _claim_due(
                session,
                DocumentVersionRow,
                DocumentVersionRow.push_status == PushStatus.QUEUED.value,  # type: ignore[arg-type]
                DocumentVersionRow.push_next_at,
                now,
            )
            if row is None:
                return attempted
            attempted += 1
            document = await session.get(DocumentRow, row.document_id)
            assert document is not None
            record = await session.get(PatientRecord, document.record_id)
            content = await session.get(DocumentContent, row.id)
            assert record is not None and content is not None
            if record.identity_status != IdentityStatus.QUAL.value:
                # The INS may be shared only while qualified (DOMAIN.md §2): wait, without spending attempts.
                row.push_next_at = now + dmp.retry_policy.max_delay
                row.push_last_error = POSTPONED
                session.add(row)
                continue
            state = PushState(PushStatus.QUEUED, row.push_attempts, row.push_next_at)
            national_id = None
            try:
                receipt = await asyncio.wait_for(
                    dmp.national_dmp.push(
                        NationalDocument(
                            version_id=row.id,
                            document_id=row.document_id,
                            version=row.number,
                            matricule=record.matricule,
                            oid=record.oid,
                            type_code=row.type_code,
                            title=row.title,
                            author_rpps=row.author_rpps,
                            date_of_care=row.date_of_care,
                            content_type=row.content_type,
                            sha256=row.sha256,
                            content=content.content,
                            replaces_version_id=row.supersedes,
                        )
                    ),
                    timeout=dmp.settings.national_dmp_timeout_seconds,
                )
            except (NationalDmpUnavailable, TimeoutError) as error:
                new = record_push_failure(state, now, dmp.retry_policy)
                outcome = type(error).__name__
            except NationalDmpRejected as error:
                new = record_push_rejection(state, now)
                outcome = type(error).__name__
            else:
                new = record_push_success(state, now)
                national_id = receipt.national_id
                outcome = "pushed"
            row.push_status = new.status.value
            row.push_attempts = new.attempts
            row.push_next_at = new.next_attempt_at
            row.pushed_at = new.pushed_at
            row.national_id = national_id or row.national_id
            row.push_last_error = None if outcome == "pushed" else outcome
            session.add(row)
            count_after_commit(session, national_pushes, 1, {"outcome": outcome})
    return attempted


async def schedule_reminders(runtime: Runtime) -> int:
    """Queue the reminder e-mails whose time has come (one per key, ever); returns how many were new."""
    dmp = dmp_of(runtime)
    now = dmp.now()
    lead_times = dmp.settings.reminder_lead_times()
    horizon = now + max(lead_times, default=timedelta(0))
    async with dmp.database.transaction() as session:
        rows = (
            await session.execute(
                select(AppointmentRow, PatientRecord)
                .join(PatientRecord, PatientRecord.id == AppointmentRow.record_id)  # type: ignore[arg-type]
                .where(
                    AppointmentRow.cancelled_at.is_(None),  # type: ignore[union-attr]
                    AppointmentRow.starts_at > now,  # type: ignore[arg-type]
                    AppointmentRow.starts_at <= horizon,  # type: ignore[arg-type]
                    PatientRecord.identity_status == IdentityStatus.QUAL.value,  # type: ignore[arg-type]
                )
            )
        ).all()
        records = {appointment.id: record for appointment, record in rows}
        appointments = [
            Appointment(row.id, row.starts_at, row.title, AddedBy(row.added_by)) for row, _ in rows
        ]
        created = 0
        for reminder in reminders_due(appointments, now, lead_times):
            notice = appointment_reminder(reminder.key, reminder.starts_at)
            result = await session.execute(
                insert(NotificationRow)
                .values(
                    **pending_notification(
                        records[reminder.appointment_id].id,
                        notice,
                        "appointment_reminder",
                        now,
                        appointment_id=reminder.appointment_id,
                    )
                )
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(column("id", Uuid))
            )
            created += result.first() is not None
    return created


async def deliver_notifications(runtime: Runtime) -> int:
    """Send pending e-mails through the e-mail port, retrying with backoff; returns how many were tried."""
    dmp = dmp_of(runtime)
    attempted = 0
    for _ in range(dmp.settings.notification_batch_size):
        now = dmp.now()
        async with dmp.database.transaction() as session:
            row = await _claim_due(
                session,
                NotificationRow,
                NotificationRow.status == "pending",  # type: ignore[arg-type]
                NotificationRow.next_attempt_at,
                now,
            )
            if row is None:
                return attempted
            attempted += 1
            record = await session.get(PatientRecord, row.record_id)
            assert record is not None
            email = OutgoingEmail(row.key, record.matricule, record.oid, row.subject, row.body)
            try:
                await asyncio.wait_for(dmp.mailer.send(email), timeout=dmp.settings.mailer_timeout_seconds)
            except (MailerUnavailable, TimeoutError) as error:
                row.attempts += 1
                delay = retry_delay(row.attempts, dmp.retry_policy)
                row.status = "pending" if delay is not None else "failed"
                row.next_attempt_at = now + delay if delay is not None else None
                row.last_error = type(error).__name__
                count_after_commit(
                    session, emails, 1, {"outcome": "retry" if delay is not None else "failed"}
                )
            else:
                row.attempts += 1
                row.status = "sent"
                row.sent_at = now
                row.next_attempt_at = None
                row.last_error = None
                count_after_commit(session, emails, 1, {"outcome": "sent"})
            session.add(row)
    return attempted
