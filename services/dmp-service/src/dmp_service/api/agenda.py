"""The prevention agenda and appointments (DOMAIN.md §5).

The agenda is computed on request from the birth date and sex of the qualified identity and, when
given, the pregnancy (query parameters: the service does not store pregnancies). An appointment
that names an agenda item (`prevention_code`) and has taken place marks that item done.
With `Accept: application/fhir+json` the agenda is a FHIR R4 CarePlan (see `fhir`).
"""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from dmp_service.context import Context
from dmp_service.domain import AddedBy, ItemStatus
from dmp_service.fhir import FHIR_JSON, agenda_care_plan, fhir_response, wants_fhir
from dmp_service.models import AppointmentRow
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import AgendaItemView, AgendaView, AppointmentRequest, AppointmentView, InsPath
from dmp_service.workflows import agenda as workflows
from dmp_service.workflows.agenda import PregnancyDates
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from servicekit.query import QueryDate

router = APIRouter(tags=["agenda"], route_class=ProblemRoute)


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


PregnancyStart = Annotated[
    QueryDate | None,
    Query(
        description=(
            "First day of the pregnancy, when the patient is pregnant (ISO 8601): adds the pregnancy oral"
            " examination."
        )
    ),
]
ExpectedDelivery = Annotated[
    QueryDate | None, Query(description="Expected delivery date (ISO 8601), with `pregnancy_start`.")
]
DeliveryDate = Annotated[
    QueryDate | None, Query(description="Actual delivery date (ISO 8601), once the baby is born.")
]
AppointmentId = Annotated[uuid.UUID, Path(description="The appointment's id.")]


@router.get(
    "/patients/{ins}/agenda",
    operation_id="agenda.get",
    summary="The prevention agenda: items due, upcoming, overdue and done",
    description="Computed on the day `on` (default today) from the record's birth date and sex and the "
    "pregnancy dates given, each rule from the version in force when its window opens.\n\n"
    "**What the list leaves out.** Items whose window opens more than 90 days after `on` (the upcoming "
    "horizon) and items whose window ended more than 365 days before `on` (the overdue look-back), "
    "done or not, are not listed: ask again with a later or earlier `on` to see them. Both are product "
    "choices, not rules (`dmp_service.domain.agenda.AgendaConfig`); they trim the list, never an "
    "item's status. Appointments are listed apart (`GET /v1/patients/{ins}/appointments`).",
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
    context: Context,
    on: Annotated[
        QueryDate | None, Query(description="The day the agenda is computed for; default today.")
    ] = None,
    pregnancy_start: PregnancyStart = None,
    expected_delivery: ExpectedDelivery = None,
    delivery_date: DeliveryDate = None,
    status: Annotated[list[ItemStatus] | None, Query(description="Keep only these statuses.")] = None,
) -> AgendaView | JSONResponse:
    computed = await workflows.agenda(
        context,
        caller,
        ins,
        on=on,
        pregnancy=PregnancyDates(pregnancy_start, expected_delivery, delivery_date),
        statuses=status,
    )
    if wants_fhir(request):
        return fhir_response(agenda_care_plan(computed.record, computed.items, computed.on, computed.now))
    return AgendaView(
        on=computed.on,
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
            for item in computed.items
        ],
    )


@router.post(
    "/patients/{ins}/appointments",
    operation_id="appointments.add",
    status_code=201,
    summary="Add an appointment to the patient's agenda (reminders are e-mailed before it)",
    response_model=AppointmentView,
    responses=problems(422),
)
async def add_appointment(
    ins: InsPath, body: AppointmentRequest, caller: Caller, context: Context
) -> AppointmentView:
    row = await workflows.add_appointment(
        context,
        caller,
        ins,
        starts_at=body.starts_at,
        title=body.title,
        added_by=body.added_by,
        prevention_code=body.prevention_code,
    )
    return _appointment_view(row)


@router.get(
    "/patients/{ins}/appointments",
    operation_id="appointments.list",
    summary="The patient's appointments",
    response_model=Page[AppointmentView],
    responses=problems(400),
)
async def list_appointments(
    ins: InsPath,
    caller: Caller,
    context: Context,
    include_cancelled: Annotated[bool, Query(description="Also list cancelled appointments.")] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AppointmentView]:
    page = await workflows.list_appointments(
        context, caller, ins, include_cancelled=include_cancelled, cursor=cursor, limit=limit
    )
    return Page(items=[_appointment_view(row) for row in page.items], next_cursor=page.next_cursor)


@router.delete(
    "/patients/{ins}/appointments/{appointment_id}",
    operation_id="appointments.cancel",
    summary="Cancel an appointment (kept, no more reminders)",
    response_model=AppointmentView,
    responses=problems(409),
)
async def cancel_appointment(
    ins: InsPath, appointment_id: AppointmentId, caller: Caller, context: Context
) -> AppointmentView:
    return _appointment_view(await workflows.cancel_appointment(context, caller, ins, appointment_id))
