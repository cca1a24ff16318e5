"""Events published by telemed-service."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.sealing import Sealed
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Profession, Rpps


class ActRole(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"


class ActCode(StrEnum):
    """Tele-expertise act codes (dental convention avenant 1; seed)."""

    RQD = "RQD"
    TE2 = "TE2"


class ReportReference(BaseModel):
    """What the expertise report says, so the DMP can file it (sealed in ActRecorded: clinical text)."""

    model_config = ConfigDict(frozen=True)

    title: str
    content_type: str
    content: str
    sha256: str


class ActRecorded(DomainEvent):
    """A tele-expertise act was performed and is ready to bill and to file (CSP R6316-4).

    v2: the patient's INS and the report (clinical text) are sealed (`dentalink_contracts.sealing`);
    billing needs neither and never opens them, the DMP opens both to file the report."""

    event_type: ClassVar[str] = "fr.dentalink.telemed.act-recorded.v2"
    topic: ClassVar[str] = topics.ACT_RECORDED_V2
    summary: ClassVar[str] = "A tele-expertise act (RQD or TE2) was recorded."

    act_id: UUID
    expertise_id: UUID
    practice_id: PracticeId
    role: ActRole
    practitioner_rpps: Rpps
    practitioner_profession: Profession
    patient_key: PatientKey
    patient_ins: Sealed[Ins]
    act_code: ActCode
    performed_at: datetime
    report: Sealed[ReportReference]


class TeleExpertiseStatus(StrEnum):
    """Where a tele-expertise stands (DOMAIN.md §6)."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class TeleExpertiseStatusChanged(DomainEvent):
    """A tele-expertise was requested or changed status: accepted, answered, refused, cancelled or
    expired. One event per transition, in the transition's transaction; its id is derived from the
    tele-expertise and the status reached (each status is reached at most once).

    Keyed by the tele-expertise id, so one file's transitions stay ordered on one topic. Carries ids and
    statuses only: no INS, patient key, names or reasons. The requis's practice is the one he acted
    from (acceptance, refusal, answer); null while he has not acted."""

    event_type: ClassVar[str] = "fr.dentalink.telemed.tele-expertise-status-changed.v1"
    topic: ClassVar[str] = topics.TELE_EXPERTISE_STATUS_CHANGED_V1
    summary: ClassVar[str] = "A tele-expertise was requested or changed status."
    key_field: ClassVar[str] = "expertise_id"

    expertise_id: UUID
    previous_status: TeleExpertiseStatus | None
    new_status: TeleExpertiseStatus
    requerant_practice_id: PracticeId
    requis_practice_id: PracticeId | None = None
    changed_at: datetime
