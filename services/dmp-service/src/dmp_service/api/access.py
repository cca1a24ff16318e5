"""The patient's refusals and the access log (DOMAIN.md §5; rules in `workflows.access`).

Like every patient route, these need the patient's identity qualified (QUAL) in the caller's practice.
A refusal is lifted only by the practice that recorded it (another practice's: 404), and the access
log a practice reads holds its own lines only.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from dmp_service.context import Context
from dmp_service.models import AccessLogRow
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import AccessLogEntry, InsPath, OnBehalfOf, RefusalRequest, RefusalView
from dmp_service.workflows import access as workflows
from dmp_service.workflows.access import RefusalState
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["access"], route_class=ProblemRoute)


def refusal_view(state: RefusalState) -> RefusalView:
    row = state.row
    return RefusalView(
        id=row.id,
        rpps=row.rpps,
        areas=sorted(row.areas),
        on_behalf_of=row.requested_by,
        recorded_at=row.recorded_at,
        recorded_by_rpps=row.recorded_by_rpps,
        recorded_by_practice=row.recorded_by_practice,
        revoked_at=row.revoked_at,
        revoked_by_rpps=row.revoked_by_rpps,
        revoked_on_behalf_of=row.revocation_requested_by,
        in_effect=state.in_effect,
    )


def _log_entry(row: AccessLogRow) -> AccessLogEntry:
    return AccessLogEntry(
        id=row.id,
        at=row.created_at,
        actor_rpps=row.actor_rpps,
        actor_role=row.actor_role,
        practice_id=row.practice_id,
        channel=row.channel,
        operation=row.operation,
        area=row.area,
        resource_type=row.resource_type,
        resource_id=row.resource_id,
        outcome=row.outcome,
        reason=row.reason,
    )


RefusalId = Annotated[uuid.UUID, Path(description="The refusal's id (from the list of access refusals).")]


@router.post(
    "/patients/{ins}/access-refusals",
    operation_id="accessRefusals.record",
    status_code=201,
    summary="Record the patient's refusal of access (all professionals or one)",
    response_model=RefusalView,
    responses=problems(422),
)
async def record_refusal(ins: InsPath, body: RefusalRequest, caller: Caller, context: Context) -> RefusalView:
    state = await workflows.record_refusal(
        context, caller, ins, rpps=body.rpps, areas=body.areas, on_behalf_of=body.on_behalf_of
    )
    return refusal_view(state)


@router.get(
    "/patients/{ins}/access-refusals",
    operation_id="accessRefusals.list",
    summary="The patient's refusals, in effect and revoked",
    response_model=Page[RefusalView],
    responses=problems(400),
)
async def list_refusals(
    ins: InsPath,
    caller: Caller,
    context: Context,
    include_revoked: bool = Query(default=False, description="Also list refusals the patient lifted."),
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[RefusalView]:
    page = await workflows.list_refusals(
        context, caller, ins, include_revoked=include_revoked, cursor=cursor, limit=limit
    )
    return Page(items=[refusal_view(state) for state in page.items], next_cursor=page.next_cursor)


@router.delete(
    "/patients/{ins}/access-refusals/{refusal_id}",
    operation_id="accessRefusals.revoke",
    summary="Revoke a refusal your practice recorded (kept in the history, no longer in effect)",
    response_model=RefusalView,
    responses=problems(409, 422),
)
async def revoke_refusal(
    ins: InsPath,
    refusal_id: RefusalId,
    caller: Caller,
    context: Context,
    on_behalf_of: OnBehalfOf = Query(description="Who asked: the patient or their legal representative."),
) -> RefusalView:
    state = await workflows.revoke_refusal(context, caller, ins, refusal_id, on_behalf_of=on_behalf_of)
    return refusal_view(state)


@router.get(
    "/patients/{ins}/access-log",
    operation_id="accessLog.list",
    summary="Who accessed the record from your practice: every read, write and denied attempt",
    response_model=Page[AccessLogEntry],
    responses=problems(400),
)
async def access_log(
    ins: InsPath,
    caller: Caller,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AccessLogEntry]:
    page = await workflows.access_log(context, caller, ins, cursor=cursor, limit=limit)
    return Page(items=[_log_entry(row) for row in page.items], next_cursor=page.next_cursor)
