"""The patient's refusals and the access log (DOMAIN.md §5).

Refusals are the patient's choices. Every caller is a professional (the gateway admits nothing
else), so these routes are used by a professional at the patient's (or legal representative's)
request: the request says on whose behalf, and the row records which professional and practice
recorded it. No refusal ever blocks recording or lifting a refusal, but the professional a refusal
targets cannot lift it himself.
"""

import uuid
from datetime import datetime

from fastapi import APIRouter, Query
from sqlalchemy import select

from dmp_service.domain import RecordOperation
from dmp_service.guard import guard, refusal_of
from dmp_service.models import AccessLogRow, AccessRefusalRow
from dmp_service.queries import fetch_page, find_owned
from dmp_service.routes.common import problems
from dmp_service.schemas import (
    AccessLogEntry,
    InsPath,
    OnBehalfOf,
    RefusalRequest,
    RefusalView,
)
from dmp_service.wiring import DmpDep
from servicekit import Caller, ProblemError, Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["access"])


def refusal_view(row: AccessRefusalRow, now: datetime) -> RefusalView:
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
        in_effect=refusal_of(row).in_effect(now),
    )


@router.post(
    "/patients/{ins}/access-refusals",
    status_code=201,
    summary="Record the patient's refusal of access (all professionals or one)",
    response_model=RefusalView,
    responses=problems(422),
)
async def record_refusal(
    ins: InsPath, body: RefusalRequest, caller: Caller, session: Session, dmp: DmpDep
) -> RefusalView:
    record = await guard(session, dmp, caller, ins, RecordOperation.MANAGE_REFUSALS)
    now = dmp.now()
    row = AccessRefusalRow(
        id=uuid.uuid4(),
        record_id=record.id,
        rpps=body.rpps,
        areas=sorted({area.value for area in body.areas}),
        requested_by=body.on_behalf_of,
        recorded_at=now,
        recorded_by_rpps=caller.professional.rpps,
        recorded_by_practice=caller.practice_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return refusal_view(row, now)


@router.get(
    "/patients/{ins}/access-refusals",
    summary="The patient's refusals, in effect and revoked",
    response_model=Page[RefusalView],
    responses=problems(400),
)
async def list_refusals(
    ins: InsPath,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    include_revoked: bool = Query(default=False),
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[RefusalView]:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_REFUSALS)
    query = select(AccessRefusalRow).where(AccessRefusalRow.record_id == record.id)  # type: ignore[arg-type]
    if not include_revoked:
        query = query.where(AccessRefusalRow.revoked_at.is_(None))  # type: ignore[union-attr]
    rows, next_cursor = await fetch_page(session, query, AccessRefusalRow, cursor, limit)
    now = dmp.now()
    return Page(items=[refusal_view(row, now) for row in rows], next_cursor=next_cursor)


@router.delete(
    "/patients/{ins}/access-refusals/{refusal_id}",
    summary="Revoke a refusal (kept in the history, no longer in effect)",
    response_model=RefusalView,
    responses=problems(409, 422),
)
async def revoke_refusal(
    ins: InsPath,
    refusal_id: uuid.UUID,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    on_behalf_of: OnBehalfOf = Query(description="Who asked: the patient or their legal representative."),
) -> RefusalView:
    record = await guard(
        session,
        dmp,
        caller,
        ins,
        RecordOperation.MANAGE_REFUSALS,
        resource_type="refusal",
        resource_id=refusal_id,
    )
    row = await find_owned(
        session,
        AccessRefusalRow,
        refusal_id,
        ProblemError(404, "refusal-not-found", "No such refusal in this record."),
        lock=True,
        record_id=record.id,
    )
    refusal = refusal_of(row)
    if not refusal.may_be_revoked_by(caller.professional.rpps):
        raise ProblemError(
            403,
            "cannot-revoke-own-refusal",
            "A professional cannot lift a refusal that targets him.",
            "Only the patient, through another professional or Mon espace santé, can lift it.",
        )
    now = dmp.now()
    try:
        revoked = refusal.revoke(max(now, row.recorded_at))
    except ValueError as error:
        raise ProblemError(409, "refusal-already-revoked", "This refusal was already revoked.") from error
    row.revoked_at = revoked.revoked_at
    row.revoked_by_rpps = caller.professional.rpps
    row.revoked_by_practice = caller.practice_id
    row.revocation_requested_by = on_behalf_of
    session.add(row)
    await session.flush()
    return refusal_view(row, now)


@router.get(
    "/patients/{ins}/access-log",
    summary="Who accessed the record: every read, write and denied attempt",
    response_model=Page[AccessLogEntry],
    responses=problems(400),
)
async def access_log(
    ins: InsPath,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AccessLogEntry]:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_ACCESS_LOG)
    query = select(AccessLogRow).where(AccessLogRow.patient_key == record.patient_key)  # type: ignore[arg-type]
    rows, next_cursor = await fetch_page(session, query, AccessLogRow, cursor, limit)
    return Page(
        items=[
            AccessLogEntry(
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
            for row in rows
        ],
        next_cursor=next_cursor,
    )
