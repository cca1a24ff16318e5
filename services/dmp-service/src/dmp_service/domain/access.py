"""Who may access a patient's record: qualified identity, open record, no refusal (DOMAIN.md §5).

A record exists only for a qualified INS (DOMAIN.md §2: the matricule may reference health data
only when the identity is QUAL). The patient may forbid access to Mon espace santé and/or the DMP,
to every professional or to one professional (seed). Denials carry a machine-readable reason and
nothing of the record's content. Reasons are checked in a fixed order so that a closed record or an
unqualified identity never reveals whether refusals exist.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from dentalink_contracts.events.ins import IdentityStatus
from dmp_service.domain.identifiers import require_aware, require_rpps


class RecordArea(StrEnum):
    """The two spaces a patient may close separately (seed: "Espace numérique santé et/ou DMP")."""

    DMP = "dmp"
    ESPACE_SANTE = "espace_sante"


class RecordOperation(StrEnum):
    """What a professional asks to do; each belongs to one area."""

    READ_DOCUMENTS = "read_documents"
    ADD_DOCUMENT = "add_document"
    REPLACE_DOCUMENT = "replace_document"
    READ_PROFILE = "read_profile"
    UPDATE_PROFILE = "update_profile"
    READ_AGENDA = "read_agenda"
    MANAGE_APPOINTMENTS = "manage_appointments"
    READ_APPOINTMENTS = "read_appointments"
    SEND_MESSAGE = "send_message"
    READ_MESSAGES = "read_messages"
    RECORD_MESSAGE_READ = "record_message_read"
    FILE_MESSAGE_ATTACHMENT = "file_message_attachment"
    FILE_TELE_EXPERTISE_REPORT = "file_tele_expertise_report"
    READ_RELATED_PROFILES = "read_related_profiles"
    MANAGE_RELATED_PROFILES = "manage_related_profiles"
    READ_ACCESS_LOG = "read_access_log"
    READ_REFUSALS = "read_refusals"
    MANAGE_REFUSALS = "manage_refusals"
    REVOKE_REFUSAL = "revoke_refusal"

    @property
    def area(self) -> RecordArea:
        """The DMP holds documents and the medical profile; the rest is Mon espace santé."""
        return RecordArea.DMP if self in _DMP_OPERATIONS else RecordArea.ESPACE_SANTE


_DMP_OPERATIONS = frozenset(
    {
        RecordOperation.READ_DOCUMENTS,
        RecordOperation.ADD_DOCUMENT,
        RecordOperation.REPLACE_DOCUMENT,
        RecordOperation.READ_PROFILE,
        RecordOperation.UPDATE_PROFILE,
        RecordOperation.FILE_MESSAGE_ATTACHMENT,
        RecordOperation.FILE_TELE_EXPERTISE_REPORT,
    }
)

# The patient's own choices: recording or lifting a refusal must never be blocked by a refusal.
PATIENT_CHOICE_OPERATIONS = frozenset(
    {RecordOperation.READ_REFUSALS, RecordOperation.MANAGE_REFUSALS, RecordOperation.REVOKE_REFUSAL}
)


class DenialReason(StrEnum):
    """Why access was refused; stable codes for the API's problem type (DOMAIN.md §5)."""

    RECORD_DISABLED = "record_disabled"
    IDENTITY_NOT_QUALIFIED = "identity_not_qualified"
    PRACTICE_IDENTITY_NOT_QUALIFIED = "practice_identity_not_qualified"
    PATIENT_REFUSED_ALL = "patient_refused_all"
    PATIENT_REFUSED_PROFESSIONAL = "patient_refused_professional"
    ROLE_NOT_ALLOWED = "role_not_allowed"
    NO_RECORD = "no_record"
    # Lifting a refusal (`decide_revocation`): none recorded by the caller's practice under this id
    # (missing and another practice's answer alike), or the refusal targets the caller.
    REFUSAL_NOT_FOUND = "refusal_not_found"
    REFUSAL_TARGETS_CALLER = "refusal_targets_caller"


def may_hold_record(identity_status: IdentityStatus) -> bool:
    """A record may exist (and be shared) only for a qualified identity (DOMAIN.md §2, §5)."""
    return identity_status is IdentityStatus.QUAL


def practice_may_reach_record(practice_status: IdentityStatus | None) -> bool:
    """The record is reached only through the caller's practice's own QUAL identity (DOMAIN.md §2, §5:
    the practitioner checks identity before the first access), for every operation: health data, the
    patient's refusals and the access log alike. A practice that never qualified the patient (or
    flagged its identity) learns nothing of the record, not even who was refused or who looked."""
    return practice_status is IdentityStatus.QUAL


@dataclass(frozen=True)
class RecordState:
    """What access depends on: the identity's current status and whether the record is closed."""

    identity_status: IdentityStatus
    disabled: bool = False


@dataclass(frozen=True)
class AccessRefusal:
    """The patient forbids access to `areas`, for everyone (`rpps` None) or one professional (seed).

    In effect from `recorded_at` until `revoked_at` (exclusive); a revoked refusal is kept, not deleted.
    `recorded_by_practice` is the practice that recorded it at the patient's request: the only one
    that may lift it (`decide_revocation`).
    """

    recorded_at: datetime
    rpps: str | None = None
    areas: frozenset[RecordArea] = frozenset(RecordArea)
    revoked_at: datetime | None = None
    recorded_by_practice: str | None = None

    def __post_init__(self) -> None:
        require_aware(self.recorded_at, "refusal date")
        if self.rpps is not None:
            require_rpps(self.rpps)
        if not self.areas:
            raise ValueError("a refusal must cover at least one area")
        if (
            self.revoked_at is not None
            and require_aware(self.revoked_at, "revocation date") < self.recorded_at
        ):
            raise ValueError("a refusal cannot be revoked before it was recorded")

    @property
    def applies_to_all(self) -> bool:
        """Whether the refusal targets every professional."""
        return self.rpps is None

    def in_effect(self, now: datetime) -> bool:
        """Whether the refusal applies at `now`."""
        return self.recorded_at <= now and (self.revoked_at is None or now < self.revoked_at)

    def may_be_revoked_by(self, actor_rpps: str) -> bool:
        """The professional a refusal targets cannot lift it himself (DOMAIN.md §5: the patient's choice)."""
        return self.rpps is None or self.rpps != actor_rpps

    def revoke(self, at: datetime) -> "AccessRefusal":
        """The same refusal revoked at `at` (the patient lifts it); revoking twice is an error."""
        if self.revoked_at is not None:
            raise ValueError("this refusal is already revoked")
        return replace(self, revoked_at=at)


@dataclass(frozen=True)
class AccessDecision:
    """Allowed, or denied with a reason; names the operation for the access trace."""

    operation: RecordOperation
    reason: DenialReason | None = None

    @property
    def allowed(self) -> bool:
        """Whether the operation may proceed."""
        return self.reason is None


def decide_access(
    record_state: RecordState,
    refusals: Iterable[AccessRefusal],
    actor_rpps: str,
    operation: RecordOperation,
    now: datetime,
) -> AccessDecision:
    """Decide whether professional `actor_rpps` may perform `operation` at `now` (DOMAIN.md §5; seed).

    The patient's own choices (`PATIENT_CHOICE_OPERATIONS`) need a qualified record but no refusal
    blocks them: a patient can always restrict access further or lift a restriction.
    """
    require_rpps(actor_rpps)
    require_aware(now, "access time")
    if record_state.disabled:
        return AccessDecision(operation, DenialReason.RECORD_DISABLED)
    if not may_hold_record(record_state.identity_status):
        return AccessDecision(operation, DenialReason.IDENTITY_NOT_QUALIFIED)
    if operation in PATIENT_CHOICE_OPERATIONS:
        return AccessDecision(operation)
    applicable = [r for r in refusals if operation.area in r.areas and r.in_effect(now)]
    if any(refusal.applies_to_all for refusal in applicable):
        return AccessDecision(operation, DenialReason.PATIENT_REFUSED_ALL)
    if any(refusal.rpps == actor_rpps for refusal in applicable):
        return AccessDecision(operation, DenialReason.PATIENT_REFUSED_PROFESSIONAL)
    return AccessDecision(operation)


def decide_revocation(refusal: AccessRefusal | None, actor_rpps: str, actor_practice: str) -> AccessDecision:
    """Whether professional `actor_rpps` of `actor_practice` may lift `refusal` (None: no such refusal
    in the record) at the patient's request.

    Lifting is the patient's act, carried out where the patient expressed the refusal: a practice
    that did not record it cannot lift it, and is answered as if it did not exist (the platform's
    "not yours": never confirm another practice's resource). The professional it targets cannot
    lift it himself.
    """
    operation = RecordOperation.REVOKE_REFUSAL
    if refusal is None or refusal.recorded_by_practice != actor_practice:
        return AccessDecision(operation, DenialReason.REFUSAL_NOT_FOUND)
    if not refusal.may_be_revoked_by(actor_rpps):
        return AccessDecision(operation, DenialReason.REFUSAL_TARGETS_CALLER)
    return AccessDecision(operation)


@dataclass(frozen=True)
class AccessTraceEntry:
    """One traced access attempt, which the patient can consult (DOMAIN.md §5: who accessed what)."""

    actor_rpps: str
    operation: RecordOperation
    at: datetime
    allowed: bool
    reason: DenialReason | None


def trace_entry(decision: AccessDecision, actor_rpps: str, at: datetime) -> AccessTraceEntry:
    """The trace line recording `decision`, whether allowed or denied."""
    return AccessTraceEntry(
        actor_rpps, decision.operation, require_aware(at, "trace time"), decision.allowed, decision.reason
    )
