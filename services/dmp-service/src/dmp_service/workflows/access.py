"""The access guard every operation on a record goes through, the patient's refusals and the access log.

`guard` is the one place where access is decided and traced (DOMAIN.md §5), for every patient-scoped
route: documents, profile, messages, agenda, related profiles, and the refusals and the access log
too. The decision is the domain's (`authorize`): role, record existence, the identity qualified in
the caller's own practice (another practice's QUAL is not enough: a practice that never qualified the
patient, or flagged its identity DOUT/FICT, could file in the wrong record, and must not learn who the
patient refused or who read the record), the record-level qualification, the patient's refusals.

Allowed accesses are traced in the command's unit of work (they commit with the effect); denied ones
in a unit of their own (`guarded_unit`), so the trace survives the command's rollback.

Refusals are the patient's choices. Every caller is a professional (the gateway admits nothing
else), so they are recorded by a professional at the patient's (or legal representative's) request:
the request says on whose behalf, and the row records which professional and practice recorded it.
No refusal ever blocks recording or lifting a refusal. Lifting one is the patient's act too, done
where it was expressed: only the practice that recorded it may lift it (another practice is answered
as if the refusal did not exist), never the professional it targets. The lifting is traced
(`revoke_refusal`, allowed, with the refusal's id), and so is an attempt refused for these reasons.

The access log a practice reads holds its own lines only (who in the practice read or wrote, and
what was denied to it). The whole log, every practice's, is the patient's and the auditors' of the
record: it stays in the table, but no caller of this API speaks for them (the gateway's auditors are
a practice's, like its own audit trail), so no route serves it.
"""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.context import DmpContext
from dmp_service.domain import (
    DenialReason,
    RecordArea,
    RecordOperation,
    RecordState,
    authorize,
    decide_revocation,
)
from dmp_service.errors import AccessDenied, RefusalAlreadyRevoked
from dmp_service.metrics import access_denied
from dmp_service.models import AccessLogRow, AccessRefusalRow, PatientRecord
from dmp_service.store import DmpStore, Slice, refusal_of
from servicekit import CallerContext, UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who acts, as written to the access log: a caller of the API or an event's professional."""

    rpps: str | None
    role: str | None
    practice_id: str | None
    channel: str
    client_id: str | None = None
    request_id: str | None = None

    @classmethod
    def of(cls, caller: CallerContext) -> "Actor":
        return cls(
            rpps=caller.professional.rpps,
            role=caller.role.value,
            practice_id=caller.practice_id,
            channel="api",
            client_id=caller.client_id,
            request_id=caller.request_id,
        )


def access_line(
    *,
    patient_key: str,
    actor: Actor,
    operation: RecordOperation,
    outcome: str,
    at: datetime,
    reason: DenialReason | str | None = None,
    resource_type: str | None = None,
    resource_id: uuid.UUID | str | None = None,
) -> AccessLogRow:
    """One line of the access log (DOMAIN.md §5: every access traced, the patient can see it)."""
    return AccessLogRow(
        id=uuid.uuid4(),
        patient_key=patient_key,
        actor_rpps=actor.rpps,
        actor_role=actor.role,
        practice_id=actor.practice_id,
        client_id=actor.client_id,
        channel=actor.channel,
        operation=operation.value,
        area=operation.area.value,
        resource_type=resource_type,
        resource_id=str(resource_id) if resource_id is not None else None,
        outcome=outcome,
        reason=str(reason) if reason is not None else None,
        request_id=actor.request_id,
        created_at=at,
    )


def record_state(record: PatientRecord) -> RecordState:
    return RecordState(IdentityStatus(record.identity_status))


async def guard(
    uow: UnitOfWork[DmpStore],
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    operation: RecordOperation,
    *,
    resource_type: str | None = None,
    resource_id: uuid.UUID | str | None = None,
) -> PatientRecord:
    """The record if `operation` is allowed (access traced in `uow`), else `AccessDenied` carrying the
    denial's trace, which `guarded_unit` writes once `uow` has rolled back."""
    now = context.now()
    store = uow.store
    record = await store.find_record(matricule)
    refusals = await store.refusals_in_force(record.id) if record is not None else []
    here = await store.practice_identity(matricule, caller.practice_id) if record is not None else None
    decision = authorize(
        record_state(record) if record is not None else None,
        refusals,
        caller.professional.rpps,
        caller.role,
        operation,
        now,
        practice_status=IdentityStatus(here.status) if here is not None else None,
    )
    patient_key = record.patient_key if record is not None else context.patient_key(matricule)
    if decision.allowed and record is not None:
        await store.log_access(
            access_line(
                patient_key=patient_key,
                actor=Actor.of(caller),
                operation=operation,
                outcome="allowed",
                at=now,
                resource_type=resource_type,
                resource_id=resource_id,
            )
        )
        return record
    denial = access_line(
        patient_key=patient_key,
        actor=Actor.of(caller),
        operation=operation,
        outcome="denied",
        at=now,
        reason=decision.reason,
        resource_type=resource_type,
        resource_id=resource_id,
    )
    raise AccessDenied(decision, denial)


@asynccontextmanager
async def guarded_unit(context: DmpContext) -> AsyncIterator[UnitOfWork[DmpStore]]:
    """The unit of work of a command on a record: a denial raised by `guard` in it rolls the command
    back, then is traced (and counted) in a unit of its own."""
    try:
        async with context.units_of_work() as uow:
            yield uow
    except AccessDenied as denied:
        async with context.units_of_work() as own:
            own.outbox.count(
                access_denied,
                1,
                {"reason": str(denied.decision.reason), "operation": denied.decision.operation.value},
            )
            await own.store.log_access(denied.trace)
        raise


# ---------------------------------------------------------------- refusals and access log


@dataclass(frozen=True)
class RefusalState:
    """A stored refusal and whether it is in effect now."""

    row: AccessRefusalRow
    in_effect: bool


def _state(row: AccessRefusalRow, now: datetime) -> RefusalState:
    return RefusalState(row, refusal_of(row).in_effect(now))


async def record_refusal(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    rpps: str | None,
    areas: list[RecordArea],
    on_behalf_of: str,
) -> RefusalState:
    """The patient refuses access to `areas`, to every professional (`rpps` None) or one."""
    async with guarded_unit(context) as uow:
        record = await guard(uow, context, caller, matricule, RecordOperation.MANAGE_REFUSALS)
        now = context.now()
        row = AccessRefusalRow(
            id=uuid.uuid4(),
            record_id=record.id,
            rpps=rpps,
            areas=sorted({area.value for area in areas}),
            requested_by=on_behalf_of,
            recorded_at=now,
            recorded_by_rpps=caller.professional.rpps,
            recorded_by_practice=caller.practice_id,
            created_at=now,
        )
        await uow.store.save(row)
    return _state(row, now)


async def list_refusals(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    *,
    include_revoked: bool,
    cursor: str | None,
    limit: int,
) -> Slice[RefusalState]:
    async with guarded_unit(context) as uow:
        record = await guard(uow, context, caller, matricule, RecordOperation.READ_REFUSALS)
        page = await uow.store.refusals_page(
            record.id, include_revoked=include_revoked, cursor=cursor, limit=limit
        )
        now = context.now()
    return Slice([_state(row, now) for row in page.items], page.next_cursor)


async def revoke_refusal(
    context: DmpContext, caller: CallerContext, matricule: str, refusal_id: uuid.UUID, *, on_behalf_of: str
) -> RefusalState:
    """The patient lifts a refusal (kept in the history, no longer in effect), through a professional
    of the practice that recorded it; traced in the access log, allowed or denied."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow,
            context,
            caller,
            matricule,
            RecordOperation.REVOKE_REFUSAL,
            resource_type="refusal",
            resource_id=refusal_id,
        )
        row = await uow.store.owned(AccessRefusalRow, refusal_id, lock=True, record_id=record.id)
        now = context.now()
        decision = decide_revocation(
            refusal_of(row) if row is not None else None, caller.professional.rpps, caller.practice_id
        )
        if row is None or not decision.allowed:
            denial = access_line(
                patient_key=record.patient_key,
                actor=Actor.of(caller),
                operation=RecordOperation.REVOKE_REFUSAL,
                outcome="denied",
                at=now,
                reason=decision.reason,
                resource_type="refusal",
                resource_id=refusal_id,
            )
            raise AccessDenied(decision, denial)
        try:
            revoked = refusal_of(row).revoke(max(now, row.recorded_at))
        except ValueError as error:
            raise RefusalAlreadyRevoked("already revoked") from error
        row.revoked_at = revoked.revoked_at
        row.revoked_by_rpps = caller.professional.rpps
        row.revoked_by_practice = caller.practice_id
        row.revocation_requested_by = on_behalf_of
        await uow.store.save(row)
    return _state(row, now)


async def access_log(
    context: DmpContext, caller: CallerContext, matricule: str, *, cursor: str | None, limit: int
) -> Slice[AccessLogRow]:
    """Who accessed the record from the caller's practice: every read, write and denied attempt."""
    async with guarded_unit(context) as uow:
        record = await guard(uow, context, caller, matricule, RecordOperation.READ_ACCESS_LOG)
        return await uow.store.access_log_page(
            record.patient_key, caller.practice_id, cursor=cursor, limit=limit
        )
