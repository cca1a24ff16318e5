"""Events published by telemed-service."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Profession, Rpps


class ActRole(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"


class ActCode(StrEnum):
    """Tele-expertise act codes (dental convention avenant 1; seed)."""

    RQD = "RQD"
    TE2 = "TE2"


class ReportReference(BaseModel):
    """Where the expertise report is and what it says, so the DMP can file it."""

    model_config = ConfigDict(frozen=True)

    title: str
    content_type: str
    content: str
    sha256: str


class ActRecorded(DomainEvent):
    """A tele-expertise act was performed and is ready to bill and to file (CSP R6316-4)."""

    event_type: ClassVar[str] = "fr.dentalink.telemed.act-recorded.v1"
    topic: ClassVar[str] = topics.ACT_RECORDED_V1
    summary: ClassVar[str] = "A tele-expertise act (RQD or TE2) was recorded."

    act_id: UUID
    expertise_id: UUID
    practice_id: PracticeId
    role: ActRole
    practitioner_rpps: Rpps
    patient_ins: Ins
    patient_key: PatientKey
    act_code: ActCode
    performed_at: datetime
    report: ReportReference
    # Optional for compatibility with v1 producers: the dental convention pays these acts to dentists only.
    practitioner_profession: Profession | None = None
