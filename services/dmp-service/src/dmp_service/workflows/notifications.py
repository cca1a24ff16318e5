"""E-mails to the patient: queued by commands (message notices) and by the reminder job, sent by the
delivery job through the e-mail port, retried with backoff (DOMAIN.md §5).

Safe with several instances running: an e-mail is claimed with `FOR UPDATE SKIP LOCKED` and sent in
the claiming unit of work (bounded by a timeout), and reminders are queued under a unique key.
"""

import asyncio
import uuid
from datetime import datetime, timedelta

from dmp_service.adapters.email import MailerUnavailable, OutgoingEmail
from dmp_service.context import DmpContext
from dmp_service.domain import (
    AddedBy,
    Appointment,
    Notification,
    appointment_reminder,
    reminders_due,
    retry_delay,
)
from dmp_service.metrics import emails
from dmp_service.models import NotificationRow, PatientRecord


def pending_notification(
    record_id: uuid.UUID,
    notice: Notification,
    kind: str,
    now: datetime,
    *,
    appointment_id: uuid.UUID | None = None,
) -> NotificationRow:
    """An e-mail queued for `deliver_notifications`, to be sent from `now`."""
    return NotificationRow(
        id=uuid.uuid4(),
        record_id=record_id,
        key=notice.key,
        kind=kind,
        appointment_id=appointment_id,
        subject=notice.subject,
        body=notice.body,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def schedule_reminders(context: DmpContext) -> int:
    """Queue the reminder e-mails whose time has come (one per key, ever); returns how many were new."""
    now = context.now()
    lead_times = context.settings.reminder_lead_times()
    horizon = now + max(lead_times, default=timedelta(0))
    async with context.units_of_work() as uow:
        rows = await uow.store.upcoming_appointments(now, horizon)
        records = {appointment.id: record for appointment, record in rows}
        appointments = [
            Appointment(row.id, row.starts_at, row.title, AddedBy(row.added_by)) for row, _ in rows
        ]
        created = 0
        for reminder in reminders_due(appointments, now, lead_times):
            notice = appointment_reminder(reminder.key, reminder.starts_at)
            created += await uow.store.add_notification_once(
                pending_notification(
                    records[reminder.appointment_id].id,
                    notice,
                    "appointment_reminder",
                    now,
                    appointment_id=reminder.appointment_id,
                )
            )
    return created


async def deliver_notifications(context: DmpContext) -> int:
    """Send pending e-mails through the e-mail port, retrying with backoff; returns how many were tried."""
    attempted = 0
    for _ in range(context.settings.notification_batch_size):
        now = context.now()
        async with context.units_of_work() as uow:
            row = await uow.store.claim_due_notification(now)
            if row is None:
                return attempted
            attempted += 1
            record = await uow.store.get(PatientRecord, row.record_id)
            assert record is not None
            email = OutgoingEmail(row.key, record.matricule, record.oid, row.subject, row.body)
            try:
                await asyncio.wait_for(
                    context.mailer.send(email), timeout=context.settings.mailer_timeout_seconds
                )
            except (MailerUnavailable, TimeoutError) as error:
                row.attempts += 1
                delay = retry_delay(row.attempts, context.retry_policy)
                row.status = "pending" if delay is not None else "failed"
                row.next_attempt_at = now + delay if delay is not None else None
                row.last_error = type(error).__name__
                uow.outbox.count(emails, 1, {"outcome": "retry" if delay is not None else "failed"})
            else:
                row.attempts += 1
                row.status = "sent"
                row.sent_at = now
                row.next_attempt_at = None
                row.last_error = None
                uow.outbox.count(emails, 1, {"outcome": "sent"})
            await uow.store.save(row)
    return attempted
