"""Events published by ins-service."""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Rpps, Sex


class IdentityStatus(StrEnum):
    """RNIV identity statuses (FR Core `fr-core-cs-identity-status`)."""

    PROV = "PROV"
    RECUP = "RECUP"
    VALI = "VALI"
    QUAL = "QUAL"


class InsTraits(BaseModel):
    """The five INS traits as returned by INSi (upper case, punctuation kept)."""

    model_config = ConfigDict(frozen=True)

    birth_name: str
    birth_first_names: str
    first_birth_first_name: str
    birth_date: date
    sex: Sex
    birth_place_code: str | None = None


class IdentityQualified(DomainEvent):
    """An identity reached QUAL: its matricule may now reference health data (DOMAIN.md §2)."""

    event_type: ClassVar[str] = "fr.dentalink.ins.identity-qualified.v1"
    topic: ClassVar[str] = topics.IDENTITY_QUALIFIED_V1
    summary: ClassVar[str] = "An identity became qualified (QUAL)."

    identity_id: UUID
    practice_id: PracticeId
    patient_key: PatientKey
    ins: Ins
    traits: InsTraits
    collection_method: str
    qualified_at: datetime
    qualified_by_rpps: Rpps | None = None


class IdentityStatusChanged(DomainEvent):
    """Any other status transition, downgrades out of QUAL included."""

    event_type: ClassVar[str] = "fr.dentalink.ins.identity-status-changed.v1"
    topic: ClassVar[str] = topics.IDENTITY_STATUS_CHANGED_V1
    summary: ClassVar[str] = "An identity changed status (other than reaching QUAL), including downgrades."

    identity_id: UUID
    practice_id: PracticeId
    patient_key: PatientKey
    ins: Ins | None = None
    previous_status: IdentityStatus | None
    new_status: IdentityStatus
    attributes: list[str] = []
    reason: str
    changed_at: datetime
    changed_by_rpps: Rpps | None = None
