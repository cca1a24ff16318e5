"""The audit trail, read by the practice admin and auditors at `GET /v1/audit-events`
(written by the proxy: gateway.workflows.exchanges; DOMAIN.md §5, §7)."""

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from gateway.api.caller import GatewayCall
from gateway.api.openapi import problem_responses
from gateway.context import Context
from gateway.domain.audit import AuditQuery, AuditRecord
from gateway.problems import naive_datetime
from gateway.workflows.audit import list_audit_records
from servicekit.dates import BoundedDatetime
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from servicekit.text import Text


class AuditEventOut(BaseModel):
    """One traced call."""

    id: uuid.UUID = Field(description="Audit event id.")
    occurred_at: datetime = Field(description="When the call reached the gateway.")
    completed_at: datetime | None = Field(
        description="When the answer was sent; null while the call was running."
    )
    client_id: str = Field(description="The OAuth client (vendor software) that made the call.")
    practice_id: str = Field(description="The practice the call acted for (`X-Practice-Id`).")
    rpps: str = Field(
        description="RPPS number of the acting professional (from the Pro Santé Connect token)."
    )
    profession: str = Field(description="The professional's profession (`dentist`, `physician`, `nurse`, …).")
    role: str | None = Field(description="Null when the professional held no usable role.")
    operation: str = Field(description="Method and route template, e.g. `GET /v1/identities/{identity_id}`.")
    upstream: str = Field(
        description="The service that answered: `ins`, `vitale`, `dmp`, `telemed`, `billing` or `gateway`."
    )
    resource: str = Field(
        description="The kind of resource touched (`identity`, `document`, `tele-expertise`, …)."
    )
    resource_id: str | None = Field(description="Its id, when the route names one.")
    patient_ins: str | None = Field(
        description="The patient's INS matricule when the route names one; null otherwise."
    )
    status: int | None = Field(description="HTTP status answered; null while the call was running.")
    outcome: str | None = Field(
        description="`success`, or why not: `refused`, `timeout`, `unreachable`, …; null while running."
    )
    request_id: str = Field(description="The call's `X-Request-Id`, to correlate with the vendor's logs.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "7d1e4c8e-8c1a-4b57-9a55-2d8a1c4f9e10",
                    "occurred_at": "2025-06-02T09:14:03.120000+00:00",
                    "completed_at": "2025-06-02T09:14:03.180000+00:00",
                    "client_id": "vendor-dentsoft",
                    "practice_id": "cabinet-durand",
                    "rpps": "10000001015",
                    "profession": "dentist",
                    "role": "dentist",
                    "operation": "GET /v1/identities/{identity_id}",
                    "upstream": "ins",
                    "resource": "identity",
                    "resource_id": "1f0c6a52-3c1e-4a8e-9a0b-6f2d8c7e5b41",
                    "patient_ins": None,
                    "status": 200,
                    "outcome": "success",
                    "request_id": "3b7e2f0a-0d6c-4f4e-8e8b-8a2f5c1d9e77",
                }
            ]
        }
    }

    @classmethod
    def of(cls, record: AuditRecord) -> "AuditEventOut":
        return cls(
            id=record.id,
            occurred_at=record.created_at,
            completed_at=record.completed_at,
            client_id=record.client_id,
            practice_id=record.practice_id,
            rpps=record.rpps,
            profession=record.profession,
            role=record.role,
            operation=f"{record.method} {record.route}",
            upstream=record.upstream,
            resource=record.resource,
            resource_id=record.resource_id,
            patient_ins=record.patient_ins,
            status=record.status,
            outcome=record.outcome,
            request_id=record.request_id,
        )


router = APIRouter(prefix="/v1", tags=["audit"])


Since = Annotated[
    BoundedDatetime | None, Query(description="Only calls from this instant on (ISO 8601 with a UTC offset).")
]
Until = Annotated[
    BoundedDatetime | None, Query(description="Only calls before this instant (ISO 8601 with a UTC offset).")
]


@router.get(
    "/audit-events",
    operation_id="auditEvents.list",
    response_model=Page[AuditEventOut],
    summary="The practice's audit trail of calls touching patient data",
    description="Chronological (oldest first), cursor-paginated. Filters combine with AND. "
    "`patient_ins` finds calls naming the patient's INS; `resource` + `resource_id` the calls on one "
    "resource (an identity, a session, a tele-expertise…).",
    responses=problem_responses(400, 401, 403, 404, 429),
)
async def list_audit_events(
    call: GatewayCall,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    patient_ins: Annotated[
        Text | None, Query(max_length=64, description="Only calls about this patient (INS matricule).")
    ] = None,
    resource: Annotated[
        Text | None,
        Query(max_length=64, description="Only calls on this kind of resource (`identity`, `document`, …)."),
    ] = None,
    resource_id: Annotated[
        Text | None, Query(max_length=100, description="Only calls on this resource id.")
    ] = None,
    rpps: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9]{11}$", description="Only calls by this professional (RPPS number, 11 digits)."
        ),
    ] = None,
    client_id: Annotated[
        Text | None, Query(max_length=64, description="Only calls by this OAuth client.")
    ] = None,
    outcome: Annotated[
        Text | None,
        Query(
            max_length=32, description="Only calls with this outcome (`success`, `refused`, `timeout`, …)."
        ),
    ] = None,
    status: Annotated[
        int | None, Query(ge=100, le=599, description="Only calls answered with this HTTP status.")
    ] = None,
    since: Since = None,
    until: Until = None,
) -> Page[AuditEventOut]:
    for moment in (since, until):
        if moment is not None and moment.tzinfo is None:
            raise naive_datetime()
    query = AuditQuery(
        patient_ins=patient_ins,
        resource=resource,
        resource_id=resource_id,
        rpps=rpps,
        client_id=client_id,
        outcome=outcome,
        status=status,
        since=since,
        until=until,
    )
    records, next_cursor = await list_audit_records(context, call, query, cursor=cursor, limit=limit)
    return Page[AuditEventOut](
        items=[AuditEventOut.of(record) for record in records], next_cursor=next_cursor
    )
