"""The audit trail: every call touching patient data (who, practice, patient, operation, outcome,
time), written before the upstream is called and completed with the outcome; read by the practice
admin and auditors at `GET /v1/audit-events` (DOMAIN.md §5, §7; HAS telemedicine guide: traceability).

Patient references are kept here (and, for the idempotency retention only, in stored creation
answers): never in logs, spans or metrics.
"""

import json
import logging
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from gateway.caller import Call, GatewayCall
from gateway.domain.habilitations import TRAITS_SEARCH, PatientRef
from gateway.models import AuditEvent
from gateway.openapi_docs import problem_responses
from gateway.wiring import Gateway
from servicekit.app import Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of, paged
from servicekit.problems import ProblemError
from servicekit.telemetry import meter

log = logging.getLogger("gateway.audit")
audit_failures = meter.create_counter(
    "dentalink_gateway_audit_completion_failures", description="Audit rows whose outcome could not be written"
)
_MAX_REF = 100


def _bounded(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def patient_reference(
    ref: PatientRef, params: dict[str, str], query: dict[str, str]
) -> tuple[str | None, str | None]:
    """(resource id, patient INS) a call names in its path or query; a search by traits is recorded
    as such (TRAITS_SEARCH), its traits never copied into the trail."""
    resource_id = params.get(ref.id_param) if ref.id_param else None
    if resource_id is None and ref.id_query:
        resource_id = query.get(ref.id_query)
    ins = params.get(ref.ins_param) if ref.ins_param else None
    if ins is None and ref.ins_query:
        ins = query.get(ref.ins_query)
    if resource_id is None and ins is None and any(name in query for name in ref.traits_query):
        resource_id = TRAITS_SEARCH
    return _bounded(resource_id, _MAX_REF), _bounded(ins, 64)


def created_id(body_prefix: bytes) -> str | None:
    """The `id` of a created resource, from the beginning of a JSON answer."""
    try:
        document = json.loads(body_prefix)
    except ValueError:
        return None
    value = document.get("id") if isinstance(document, dict) else None
    return _bounded(str(value), _MAX_REF) if isinstance(value, (str, int)) else None


def outcome_of(status: int) -> str:
    if status < 400:
        return "success"
    return "client-error" if status < 500 else "server-error"


async def open_event(
    session: AsyncSession,
    call: Call,
    *,
    now: datetime,
    query: dict[str, str],
    status: int | None = None,
    outcome: str | None = None,
) -> uuid.UUID:
    """Write the trace of a call before anything of the patient is touched."""
    rule = call.match.rule
    assert rule.audit is not None and call.practice_id is not None and call.professional is not None
    resource_id, ins = patient_reference(rule.audit, call.match.params, query)
    event_id = uuid.uuid4()
    session.add(
        AuditEvent(
            id=event_id,
            created_at=now,
            completed_at=now if status is not None else None,
            client_id=call.client.client_id,
            practice_id=call.practice_id,
            rpps=call.professional.rpps,
            profession=call.professional.profession.value,
            role=call.role.value if call.role else None,
            method=call.match.method,
            route=call.match.operation_path[:200],
            upstream=rule.upstream.value,
            resource=rule.audit.resource,
            resource_id=resource_id,
            patient_ins=ins,
            status=status,
            outcome=outcome,
            request_id=call.request_id[:128],
        )
    )
    await session.flush()
    return event_id


async def complete_event(
    gateway: Gateway, event_id: uuid.UUID, *, status: int, outcome: str, resource_id: str | None = None
) -> None:
    """Record the outcome; a failure here is counted and logged (the call itself is already traced)."""
    values: dict[str, object] = {"status": status, "outcome": outcome, "completed_at": gateway.clock()}
    try:
        async with gateway.database.transaction() as session:
            statement = update(AuditEvent).where(col(AuditEvent.id) == event_id)
            if resource_id is not None:
                statement = statement.where(col(AuditEvent.resource_id).is_(None))
                await session.execute(statement.values(**values, resource_id=resource_id))
            else:
                await session.execute(statement.values(**values))
    except Exception as error:
        audit_failures.add(1)
        log.error("audit completion failed", extra={"error_type": type(error).__name__})


class AuditEventOut(BaseModel):
    """One traced call."""

    id: uuid.UUID
    occurred_at: datetime
    completed_at: datetime | None
    client_id: str
    practice_id: str
    rpps: str
    profession: str
    role: str | None = Field(description="Null when the professional held no usable role.")
    operation: str = Field(description="Method and route template, e.g. `GET /v1/identities/{identity_id}`.")
    upstream: str
    resource: str
    resource_id: str | None
    patient_ins: str | None
    status: int | None = Field(description="HTTP status answered; null while the call was running.")
    outcome: str | None
    request_id: str

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
    def of(cls, row: AuditEvent) -> "AuditEventOut":
        return cls(
            id=row.id,
            occurred_at=row.created_at,
            completed_at=row.completed_at,
            client_id=row.client_id,
            practice_id=row.practice_id,
            rpps=row.rpps,
            profession=row.profession,
            role=row.role,
            operation=f"{row.method} {row.route}",
            upstream=row.upstream,
            resource=row.resource,
            resource_id=row.resource_id,
            patient_ins=row.patient_ins,
            status=row.status,
            outcome=row.outcome,
            request_id=row.request_id,
        )


router = APIRouter(prefix="/v1", tags=["audit"])


@router.get(
    "/audit-events",
    response_model=Page[AuditEventOut],
    summary="The practice's audit trail of calls touching patient data",
    description="Chronological (oldest first), cursor-paginated. Filters combine with AND. "
    "`patient_ins` finds calls naming the patient's INS; `resource` + `resource_id` the calls on one "
    "resource (an identity, a session, a tele-expertise…).",
    responses=problem_responses(400, 401, 403, 404, 429),
)
async def list_audit_events(
    call: GatewayCall,
    session: Session,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    patient_ins: Annotated[str | None, Query(max_length=64)] = None,
    resource: Annotated[str | None, Query(max_length=64)] = None,
    resource_id: Annotated[str | None, Query(max_length=100)] = None,
    rpps: Annotated[str | None, Query(pattern=r"^[0-9]{11}$")] = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
    outcome: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[AuditEventOut]:
    for moment in (since, until):
        if moment is not None and moment.tzinfo is None:
            raise ProblemError(
                400, "naive-datetime", "Dates need a UTC offset.", "Use ISO 8601 with an offset."
            )
    created_at, event_id = col(AuditEvent.created_at), col(AuditEvent.id)
    conditions = [col(AuditEvent.practice_id) == call.practice_id]
    filters: list[tuple[Any, object]] = [
        (col(AuditEvent.patient_ins), patient_ins),
        (col(AuditEvent.resource), resource),
        (col(AuditEvent.resource_id), resource_id),
        (col(AuditEvent.rpps), rpps),
        (col(AuditEvent.client_id), client_id),
        (col(AuditEvent.outcome), outcome),
        (col(AuditEvent.status), status),
    ]
    conditions += [column == value for column, value in filters if value is not None]
    if since is not None:
        conditions.append(created_at >= since)
    if until is not None:
        conditions.append(created_at < until)
    query = paged(select(AuditEvent).where(*conditions), created_at, event_id, cursor, limit)
    rows = (await session.execute(query)).scalars()
    items, next_cursor = page_of(list(rows), limit)
    return Page[AuditEventOut](items=[AuditEventOut.of(row) for row in items], next_cursor=next_cursor)
