"""Which practice roles may perform which record operations: least privilege (DOMAIN.md §7; HAS guide).

No public matrix maps dental-practice roles to DMP operations; this table is an **assumption** kept
small and explicit: clinicians do everything, assistants and administrators handle appointments,
deposits and the patient's access choices, auditors see only traces. Auditors read the access log
and the refusals even where the patient refused professionals: auditing is not care. Every operation,
auditors' reads included, also needs the identity qualified in the caller's own practice (`authorize`).
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType

from dentalink_contracts.events.ins import IdentityStatus
from dentalink_contracts.values import Role
from dmp_service.domain.access import (
    AccessDecision,
    AccessRefusal,
    DenialReason,
    RecordOperation,
    RecordState,
    decide_access,
    practice_may_reach_record,
)

_CLINICAL = frozenset(RecordOperation)
_FRONT_DESK = frozenset(
    {
        RecordOperation.READ_APPOINTMENTS,
        RecordOperation.MANAGE_APPOINTMENTS,
        RecordOperation.READ_ACCESS_LOG,
        RecordOperation.READ_REFUSALS,
        RecordOperation.MANAGE_REFUSALS,
        RecordOperation.REVOKE_REFUSAL,
    }
)
_AUDIT = frozenset({RecordOperation.READ_ACCESS_LOG, RecordOperation.READ_REFUSALS})

ROLE_OPERATIONS: Mapping[Role, frozenset[RecordOperation]] = MappingProxyType(
    {
        Role.DENTIST: _CLINICAL,
        Role.SPECIALIST: _CLINICAL,
        Role.EHPAD_PROFESSIONAL: _CLINICAL,
        # An assistant files documents for the dentist but does not read the record.
        Role.DENTAL_ASSISTANT: _FRONT_DESK | {RecordOperation.ADD_DOCUMENT},
        Role.PRACTICE_ADMIN: _FRONT_DESK,
        Role.AUDITOR: _AUDIT,
    }
)


def role_may(role: Role, operation: RecordOperation) -> bool:
    """Whether a professional acting in `role` may attempt `operation` at all (DOMAIN.md §7; assumption)."""
    return operation in ROLE_OPERATIONS.get(role, frozenset())


def refusals_bind(role: Role, operation: RecordOperation) -> bool:
    """Whether the patient's refusals apply to this role for `operation`: not to auditors' reads of traces."""
    return not (role is Role.AUDITOR and operation in _AUDIT)


def authorize(
    record_state: RecordState | None,
    refusals: Iterable[AccessRefusal],
    actor_rpps: str,
    role: Role,
    operation: RecordOperation,
    now: datetime,
    *,
    practice_status: IdentityStatus | None,
) -> AccessDecision:
    """The full decision for one request: role, the record's existence, the caller's practice's own
    identity, then `decide_access`.

    The role is checked first because it reveals nothing about the patient (DOMAIN.md §5, §7).
    `record_state` None means no record exists for the INS (never qualified): refused exactly as a
    practice not holding the identity QUAL is, so the answer never tells whether another practice
    qualified the patient. `practice_status` is the
    status of the patient's identity in the caller's practice (None: that practice never qualified
    it): another practice's QUAL does not let this one reach the record (DOMAIN.md §2, §5), for any
    operation, the refusals and the access log included. It is checked before the refusals, so an
    unqualified practice never learns whether refusals exist.
    """
    if not role_may(role, operation):
        return AccessDecision(operation, DenialReason.ROLE_NOT_ALLOWED)
    if record_state is None or not practice_may_reach_record(practice_status):
        # One answer whether or not a record exists: it exists only when some practice qualified the
        # patient, which is none of the caller's business (issue 16: same refusal, same answer).
        return AccessDecision(operation, DenialReason.PRACTICE_IDENTITY_NOT_QUALIFIED)
    binding = refusals if refusals_bind(role, operation) else ()
    return decide_access(record_state, binding, actor_rpps, operation, now)
