"""The prevention agenda and appointments (DOMAIN.md §5).

The agenda is computed on request from the birth date and sex of the qualified identity and, when
given, the pregnancy (query parameters: the service does not store pregnancies). An appointment
that names an agenda item (`prevention_code`) and has taken place marks that item done.
With `Accept: application/fhir+json` the agenda is a FHIR R4 CarePlan (see `fhir`).
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, update

from dentalink_contracts.values import Sex
from dmp_service.domain import (
    AGENDA_CALENDAR,
    AddedBy,
    Appointment,
    CompletedItem,
    ItemStatus,
    Pregnancy,
    RecordOperation,
    compute_agenda,
)
from dmp_service.domain.messages import PARIS
from dmp_service.fhir import FHIR_JSON, agenda_care_plan, fhir_response, wants_fhir
from dmp_service.guard import guard
from dmp_service.models import AppointmentRow, NotificationRow
from dmp_service.queries import fetch_page, find_owned
from dmp_service.routes.common import problems
from dmp_service.schemas import AgendaItemView, AgendaView, AppointmentRequest, AppointmentView, InsPath
from dmp_service.wiring import DmpDep
from servicekit import Caller, ProblemError, Session, invalid_field
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["agenda"])


def _pregnancy(start: date | None, expected: date | None, delivered: date | None) -> Pregnancy | None:
    if start is None and expected is None and delivered is None:
        return None
    if start is None or expected is None:
        raise invalid_field(
            "pregnancy_start" if start is None else "expected_delivery",
            "a pregnancy needs its start and expected delivery dates",
            "missing",
        )
    try:
        return Pregnancy(start, expected, delivered)
    except ValueError as error:
        raise ProblemError(
            422, "invalid-pregnancy", "The pregnancy dates are inconsistent.", str(error)
        ) from error


def _out_of_calendar(detail: str) -> ProblemError:
    return ProblemError(422, "invalid-agenda-date", "The agenda cannot be computed for these dates.", detail)


def _check_calendar(**days: date | None) -> None:
    """Every date the agenda is computed from lies in `AGENDA_CALENDAR` (dates near year 9999 overflow)."""
    first, last = AGENDA_CALENDAR.start, AGENDA_CALENDAR.end
    for name, day in days.items():
        if day is not None and not AGENDA_CALENDAR.contains(day):
            raise _out_of_calendar(f"`{name}` must lie between {first} and {last}.")


def _appointment_view(row: AppointmentRow) -> AppointmentView:
    return AppointmentView(
        id=row.id,
        starts_at=row.starts_at,
        title=row.title,
        added_by=AddedBy(row.added_by),
        prevention_code=row.prevention_code,
        created_by_rpps=row.created_by_rpps,
        practice_id=row.practice_id,
        cancelled_at=row.cancelled_at,
        created_at=row.created_at,
    )


@router.get(
    "/patients/{ins}/agenda",
    summary="The prevention agenda: items due, upcoming, overdue and done",
    response_model=AgendaView,
    responses={
        **problems(422),
        200: {"content": {FHIR_JSON: {"schema": {"type": "object", "title": "CarePlan"}}}},
    },
)
async def agenda(
    ins: InsPath,
    request: Request,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    on: Annotated[
        date | None, Query(description="The day the agenda is computed for; default today.")
    ] = None,
    pregnancy_start: date | None = None,
    expected_delivery: date | None = None,
    delivery_date: date | None = None,
    status: Annotated[list[ItemStatus] | None, Query(description="Keep only these statuses.")] = None,
) -> AgendaView | JSONResponse:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_AGENDA, resource_type="agenda")
    day = on or dmp.today()
    _check_calendar(
        on=day,
        pregnancy_start=pregnancy_start,
        expected_delivery=expected_delivery,
        delivery_date=delivery_date,
    )
    pregnancy = _pregnancy(pregnancy_start, expected_delivery, delivery_date)
    if day < record.birth_date:
        raise ProblemError(422, "invalid-agenda-date", "The agenda cannot be computed before the birth date.")
    now = dmp.now()
    held = (
        await session.execute(
            select(AppointmentRow).where(
                AppointmentRow.record_id == record.id,  # type: ignore[arg-type]
                AppointmentRow.prevention_code.is_not(None),  # type: ignore[union-attr]
                AppointmentRow.cancelled_at.is_(None),  # type: ignore[union-attr]
                AppointmentRow.starts_at <= now,  # type: ignore[arg-type]
            )
        )
    ).scalars()
    completed = [
        CompletedItem(row.prevention_code, row.starts_at.astimezone(PARIS).date())
        for row in held
        if row.prevention_code is not None and row.starts_at.astimezone(PARIS).date() <= day
    ]
    try:
        items = compute_agenda(
            record.birth_date, Sex(record.sex), pregnancy, day, dmp.agenda_config, completed
        )
    except OverflowError as error:  # a configured horizon reaching past the calendar's end
        raise _out_of_calendar("The agenda's windows run past the last representable date.") from error
    except ValueError as error:
        raise ProblemError(422, "invalid-pregnancy", "The agenda cannot be computed.", str(error)) from error
    if status:
        items = [item for item in items if item.status in status]
    if wants_fhir(request):
        return fhir_response(agenda_care_plan(record, items, day, now))
    return AgendaView(
        on=day,
        items=[
            AgendaItemView(
                code=item.code,
                label=item.label,
                category=item.category,
                compulsory=item.compulsory,
                window_start=item.window_start,
                window_end=item.window_end,
                status=item.status,
                source=item.source,
                rule_effective_from=None
                if item.rule_effective_from == date.min
                else item.rule_effective_from,
                care_without_advance_payment_months=item.care_without_advance_payment_months,
                completed_on=item.completed_on,
            )
            for item in items
        ],
    )


@router.post(
    "/patients/{ins}/appointments",
    status_code=201,
    summary="Add an appointment to the patient's agenda (reminders are e-mailed before it)",
    response_model=AppointmentView,
    responses=problems(422),
)
async def add_appointment(
    ins: InsPath, body: AppointmentRequest, caller: Caller, session: Session, dmp: DmpDep
) -> AppointmentView:
    record = await guard(
        session, dmp, caller, ins, RecordOperation.MANAGE_APPOINTMENTS, resource_type="appointment"
    )
    now = dmp.now()
    appointment = Appointment(uuid.uuid4(), body.starts_at, body.title, body.added_by)
    row = AppointmentRow(
        id=appointment.appointment_id,
        record_id=record.id,
        starts_at=appointment.starts_at,
        title=appointment.title,
        added_by=appointment.added_by.value,
        prevention_code=body.prevention_code,
        created_by_rpps=caller.professional.rpps,
        practice_id=caller.practice_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return _appointment_view(row)


@router.get(
    "/patients/{ins}/appointments",
    summary="The patient's appointments",
    response_model=Page[AppointmentView],
    responses=problems(400),
)
async def list_appointments(
    ins: InsPath,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    include_cancelled: Annotated[bool, Query()] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AppointmentView]:
    record = await guard(
        session, dmp, caller, ins, RecordOperation.READ_APPOINTMENTS, resource_type="appointment"
    )
    query = select(AppointmentRow).where(AppointmentRow.record_id == record.id)  # type: ignore[arg-type]
    if not include_cancelled:
        query = query.where(AppointmentRow.cancelled_at.is_(None))  # type: ignore[union-attr]
    rows, next_cursor = await fetch_page(session, query, AppointmentRow, cursor, limit)
    return Page(items=[_appointment_view(row) for row in rows], next_cursor=next_cursor)


@router.delete(
    "/patients/{ins}/appointments/{appointment_id}",
    summary="Cancel an appointment (kept, no more reminders)",
    response_model=AppointmentView,
    responses=problems(409),
)
async def cancel_appointment(
    ins: InsPath, appointment_id: uuid.UUID, caller: Caller, session: Session, dmp: DmpDep
) -> AppointmentView:
    record = await guard(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.MANAGE_APPOINTMENTS,
        resource_type="appointment",
        resource_id=appointment_id,
    )
    row = await find_owned(
        session,
        AppointmentRow,
        appointment_id,
        ProblemError(404, "appointment-not-found", "No such appointment in this record."),
        lock=True,
        record_id=record.id,
    )
    if row.cancelled_at is not None:
        raise ProblemError(409, "appointment-cancelled", "This appointment was already cancelled.")
    row.cancelled_at = dmp.now()
    session.add(row)
    # Reminders queued but not yet sent go with the appointment.
    await session.execute(
        update(NotificationRow)
        .where(
            NotificationRow.appointment_id == row.id,  # type: ignore[arg-type]
            NotificationRow.status == "pending",  # type: ignore[arg-type]
        )
        .values(status="cancelled", next_attempt_at=None)
    )
    await session.flush()
    return _appointment_view(row)
