"""Events published by ins-service."""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.sealing import Sealed
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Sex


class IdentityStatus(StrEnum):
    """RNIV identity statuses (FR Core `fr-core-cs-identity-status`)."""

    PROV = "PROV"
    RECUP = "RECUP"
    VALI = "VALI"
    QUAL = "QUAL"


class BirthTraits(BaseModel):
    """The traits a consumer of the identity needs: the DMP's agenda keys on birth date and sex."""

    model_config = ConfigDict(frozen=True)

    birth_date: date
    sex: Sex


class IdentityQualified(DomainEvent):
    """An identity reached QUAL: its matricule may now reference health data (DOMAIN.md §2).

    v2: the INS and the birth traits are sealed (`dentalink_contracts.sealing`); names, birth place,
    collection method and the qualifying RPPS, which no consumer used, are no longer carried."""

    event_type: ClassVar[str] = "fr.dentalink.ins.identity-qualified.v2"
    topic: ClassVar[str] = topics.IDENTITY_QUALIFIED_V2
    summary: ClassVar[str] = "An identity became qualified (QUAL)."

    identity_id: UUID
    practice_id: PracticeId
    patient_key: PatientKey
    ins: Sealed[Ins]
    traits: Sealed[BirthTraits]
    qualified_at: datetime


class IdentityStatusChanged(DomainEvent):
    """Any other status transition, downgrades out of QUAL included.

    v2: the INS (carried only while the identity is QUAL) is sealed; the changed attributes, the
    free-text reason and the acting RPPS, which no consumer used, are no longer carried."""

    event_type: ClassVar[str] = "fr.dentalink.ins.identity-status-changed.v2"
    topic: ClassVar[str] = topics.IDENTITY_STATUS_CHANGED_V2
    summary: ClassVar[str] = "An identity changed status (other than reaching QUAL), including downgrades."

    identity_id: UUID
    practice_id: PracticeId
    patient_key: PatientKey
    ins: Sealed[Ins] | None = None
    previous_status: IdentityStatus | None
    new_status: IdentityStatus
    changed_at: datetime
