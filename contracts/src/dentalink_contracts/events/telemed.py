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
