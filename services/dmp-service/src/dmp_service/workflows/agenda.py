"""The prevention agenda and appointments (DOMAIN.md §5).

The agenda is computed on request from the birth date and sex of the qualified identity and, when
given, the pregnancy (the service does not store pregnancies). An appointment that names an agenda
item (`prevention_code`) and has taken place marks that item done. Reminders of an appointment are
queued by the reminder job (`workflows.notifications`) and go with it when it is cancelled.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from dentalink_contracts.values import Sex
from dmp_service.context import DmpContext
from dmp_service.domain import (
    AGENDA_CALENDAR,
    AddedBy,
    AgendaItem,
    Appointment,
    CompletedItem,
    ItemStatus,
    Pregnancy,
    RecordOperation,
    compute_agenda,
)
from dmp_service.domain.messages import PARIS
from dmp_service.errors import (
    AgendaBeforeBirth,
    AgendaNotComputable,
    AgendaOutOfCalendar,
    AppointmentAlreadyCancelled,
    InconsistentPregnancy,
    InvalidInput,
    Missing,
    NotFound,
)
from dmp_service.models import AppointmentRow, PatientRecord
from dmp_service.store import Slice
from dmp_service.workflows.access import guard, guarded_unit
from servicekit import CallerContext


@dataclass(frozen=True)
class PregnancyDates:
    """The pregnancy the agenda is computed with, as the caller gave it (all None: no pregnancy)."""

    start: date | None = None
    expected_delivery: date | None = None
    delivered: date | None = None


@dataclass(frozen=True)
class Agenda:
    """The agenda of a record on `on`, computed at `now`."""

    record: PatientRecord
    on: date
    now: datetime
    items: list[AgendaItem]


def _pregnancy(dates: PregnancyDates) -> Pregnancy | None:
    start, expected, delivered = dates.start, dates.expected_delivery, dates.delivered
    if start is None and expected is None and delivered is None:
        return None
    if start is None or expected is None:
        raise InvalidInput(
            "pregnancy_start" if start is None else "expected_delivery",
            "a pregnancy needs its start and expected delivery dates",
            "missing",
        )
    try:
        return Pregnancy(start, expected, delivered)
    except ValueError as error:
        raise InconsistentPregnancy(str(error)) from error


def _check_calendar(**days: date | None) -> None:
    """Every date the agenda is computed from lies in `AGENDA_CALENDAR` (dates near year 9999 overflow)."""
    first, last = AGENDA_CALENDAR.start, AGENDA_CALENDAR.end
    for name, day in days.items():
        if day is not None and not AGENDA_CALENDAR.contains(day):
            raise AgendaOutOfCalendar(f"`{name}` must lie between {first} and {last}.")


async def agenda(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    on: date | None,
    pregnancy: PregnancyDates,
    statuses: list[ItemStatus] | None,
) -> Agenda:
    """The prevention agenda on `on` (default today): items due, upcoming, overdue and done."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.READ_AGENDA, resource_type="agenda"
        )
        day = on or context.today()
        _check_calendar(
            on=day,
            pregnancy_start=pregnancy.start,
            expected_delivery=pregnancy.expected_delivery,
            delivery_date=pregnancy.delivered,
        )
        expecting = _pregnancy(pregnancy)
        if day < record.birth_date:
            raise AgendaBeforeBirth("before the birth date")
        now = context.now()
        held = await uow.store.held_appointments(record.id, now)
        completed = [
            CompletedItem(row.prevention_code, row.starts_at.astimezone(PARIS).date())
            for row in held
            if row.prevention_code is not None and row.starts_at.astimezone(PARIS).date() <= day
        ]
        try:
            items = compute_agenda(
                record.birth_date, Sex(record.sex), expecting, day, context.agenda_config, completed
            )
        except OverflowError as error:  # a configured horizon reaching past the calendar's end
            raise AgendaOutOfCalendar("The agenda's windows run past the last representable date.") from error
        except ValueError as error:
            raise AgendaNotComputable(str(error)) from error
    if statuses:
        items = [item for item in items if item.status in statuses]
    return Agenda(record, day, now, items)


async def add_appointment(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    starts_at: datetime,
    title: str,
    added_by: AddedBy,
    prevention_code: str | None,
) -> AppointmentRow:
    """An appointment in the patient's agenda (reminders are e-mailed before it)."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.MANAGE_APPOINTMENTS, resource_type="appointment"
        )
        now = context.now()
        appointment = Appointment(uuid.uuid4(), starts_at, title, added_by)
        row = AppointmentRow(
            id=appointment.appointment_id,
            record_id=record.id,
            starts_at=appointment.starts_at,
            title=appointment.title,
            added_by=appointment.added_by.value,
            prevention_code=prevention_code,
            created_by_rpps=caller.professional.rpps,
            practice_id=caller.practice_id,
            created_at=now,
        )
        await uow.store.save(row)
    return row


async def list_appointments(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    include_cancelled: bool,
    cursor: str | None,
    limit: int,
) -> Slice[AppointmentRow]:
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.READ_APPOINTMENTS, resource_type="appointment"
        )
        return await uow.store.appointments_page(
            record.id, include_cancelled=include_cancelled, cursor=cursor, limit=limit
        )


async def cancel_appointment(
    context: DmpContext, caller: CallerContext, matricule: str, appointment_id: uuid.UUID
) -> AppointmentRow:
    """Cancel an appointment (kept); its reminders not yet sent go with it."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.MANAGE_APPOINTMENTS,
            resource_type="appointment",
            resource_id=appointment_id,
        )
        row = await uow.store.owned(AppointmentRow, appointment_id, lock=True, record_id=record.id)
        if row is None:
            raise NotFound(Missing.APPOINTMENT)
        if row.cancelled_at is not None:
            raise AppointmentAlreadyCancelled("already cancelled")
        row.cancelled_at = context.now()
        await uow.store.save(row)
        await uow.store.cancel_pending_notifications(row.id)
    return row
