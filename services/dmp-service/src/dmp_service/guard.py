"""Every operation on a record goes through `guard`: decide, trace, and refuse without leaking content.

The decision is the domain's (`authorize`): role, record existence, the identity qualified in the
caller's own practice (another practice's QUAL is not enough: a practice that never qualified the
patient, or flagged its identity DOUT/FICT, could file in the wrong record), the record-level
qualification, the patient's refusals. The refusal and access-log routes need only the record-level
qualification: they hold no health data, and the patient (through any professional) and auditors
must be able to see and manage refusals and traces.

Allowed accesses are traced in the request's transaction (they commit with the effect); denied ones
in a transaction of their own, so the trace survives the request's rollback.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain import (
    AccessDecision,
    AccessRefusal,
    DenialReason,
    RecordArea,
    RecordOperation,
    RecordState,
    authorize,
)
from dmp_service.metrics import access_denied
from dmp_service.models import AccessLogRow, AccessRefusalRow, PatientRecord, PracticeIdentity
from dmp_service.wiring import Dmp
from servicekit import CallerContext, ProblemError
from servicekit.telemetry import count_after_commit


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


async def log_access(
    session: AsyncSession,
    *,
    patient_key: str,
    actor: Actor,
    operation: RecordOperation,
    outcome: str,
    at: datetime,
    reason: DenialReason | str | None = None,
    resource_type: str | None = None,
    resource_id: uuid.UUID | str | None = None,
) -> None:
    """Append one line to the access log (DOMAIN.md §5: every access traced, the patient can see it)."""
    session.add(
        AccessLogRow(
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
    )
    await session.flush()


async def find_record(session: AsyncSession, matricule: str, *, lock: bool = False) -> PatientRecord | None:
    query = select(PatientRecord).where(PatientRecord.matricule == matricule)  # type: ignore[arg-type]
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


def refusal_of(row: AccessRefusalRow) -> AccessRefusal:
    """The domain refusal stored in `row`."""
    return AccessRefusal(
        recorded_at=row.recorded_at,
        rpps=row.rpps,
        areas=frozenset(RecordArea(area) for area in row.areas),
        revoked_at=row.revoked_at,
    )


async def refusals_of(session: AsyncSession, record_id: uuid.UUID) -> list[AccessRefusal]:
    rows = (
        (
            await session.execute(
                select(AccessRefusalRow).where(
                    AccessRefusalRow.record_id == record_id,  # type: ignore[arg-type]
                    AccessRefusalRow.revoked_at.is_(None),  # type: ignore[union-attr]
                )
            )
        )
        .scalars()
        .all()
    )
    return [refusal_of(row) for row in rows]


async def practice_status(session: AsyncSession, matricule: str, practice_id: str) -> IdentityStatus | None:
    """The status of the INS's identity in one practice; None when that practice never qualified it."""
    row = (
        await session.execute(
            select(PracticeIdentity).where(
                PracticeIdentity.matricule == matricule,  # type: ignore[arg-type]
                PracticeIdentity.practice_id == practice_id,  # type: ignore[arg-type]
            )
        )
    ).scalar_one_or_none()
    return IdentityStatus(row.status) if row is not None else None


def record_state(record: PatientRecord) -> RecordState:
    return RecordState(IdentityStatus(record.identity_status))


def denial_problem(decision: AccessDecision) -> ProblemError:
    """The 403/404 problem for a denial: says why, never what the record holds."""
    reason = decision.reason
    area = decision.operation.area.value
    if reason is DenialReason.ROLE_NOT_ALLOWED:
        return ProblemError(
            403,
            "forbidden-role",
            "Your role does not allow this operation.",
            f"The operation {decision.operation.value} is not open to your role.",
        )
    if reason is DenialReason.NO_RECORD:
        return ProblemError(
            404,
            "patient-record-not-found",
            "No shared record exists for this INS.",
            "A record exists only for an identity qualified (QUAL) by a practice.",
        )
    if reason is DenialReason.IDENTITY_NOT_QUALIFIED:
        return ProblemError(
            403,
            "identity-not-qualified",
            "The patient's identity is not qualified.",
            "The INS may reference health data only while the identity is qualified (QUAL).",
        )
    if reason is DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED:
        return ProblemError(
            403,
            "identity-not-qualified",
            "The patient's identity is not qualified in your practice.",
            "Your practice must hold the patient's identity qualified (QUAL) to access the record: "
            "verify the identity before the first access.",
        )
    if reason is DenialReason.RECORD_DISABLED:
        return ProblemError(403, "record-closed", "The patient's record is closed.")
    scope = "all_professionals" if reason is DenialReason.PATIENT_REFUSED_ALL else "this_professional"
    who = "every professional" if scope == "all_professionals" else "you"
    space = "DMP" if area == RecordArea.DMP.value else "Mon espace santé"
    return ProblemError(
        403,
        "access-refused-by-patient",
        "The patient refused this access.",
        f"The patient has refused access to their {space} by {who}.",
        refusal_scope=scope,
        area=area,
    )


async def guard(
    session: AsyncSession,
    dmp: Dmp,
    caller: CallerContext,
    matricule: str,
    operation: RecordOperation,
    *,
    resource_type: str | None = None,
    resource_id: uuid.UUID | str | None = None,
) -> PatientRecord:
    """The record if `operation` is allowed (access traced), else the denial problem (denial traced)."""
    now = dmp.now()
    record = await find_record(session, matricule)
    refusals = await refusals_of(session, record.id) if record is not None else []
    status_here = (
        await practice_status(session, matricule, caller.practice_id) if record is not None else None
    )
    decision = authorize(
        record_state(record) if record is not None else None,
        refusals,
        caller.professional.rpps,
        caller.role,
        operation,
        now,
        practice_status=status_here,
    )
    patient_key = record.patient_key if record is not None else dmp.patient_key(matricule)
    if decision.allowed and record is not None:
        await log_access(
            session,
            patient_key=patient_key,
            actor=Actor.of(caller),
            operation=operation,
            outcome="allowed",
            at=now,
            resource_type=resource_type,
            resource_id=resource_id,
        )
        return record
    async with dmp.database.transaction() as own:
        count_after_commit(
            own, access_denied, 1, {"reason": str(decision.reason), "operation": operation.value}
        )
        await log_access(
            own,
            patient_key=patient_key,
            actor=Actor.of(caller),
            operation=operation,
            outcome="denied",
            at=now,
            reason=decision.reason,
            resource_type=resource_type,
            resource_id=resource_id,
        )
    raise denial_problem(decision)
