"""Events published by vitale-service."""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.sealing import Sealed
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Rpps, Sex


class ReadingMode(StrEnum):
    QR = "qr"
    NFC = "nfc"


class ApcvBeneficiary(BaseModel):
    """The beneficiary chosen on the app, as the AMO data describe them (DOMAIN.md §4)."""

    model_config = ConfigDict(frozen=True)

    nir: str = Field(description="The beneficiary's own NIR (15 characters with its key).")
    ouvrant_droit_nir: str | None = Field(
        default=None,
        description=(
            "NIR of the insured person (ouvrant droit) this beneficiary's rights come from; null for the "
            "ouvrant droit themself."
        ),
    )
    birth_name: str = Field(description="Birth name, upper case as in the AMO data.")
    usage_name: str | None = Field(
        default=None, description="Usage (married) name, when the AMO data carry one."
    )
    first_names: str = Field(description="First names, upper case, space-separated, as in the AMO data.")
    birth_date: date = Field(description="Date of birth (ISO 8601).")
    # Twins of one ouvrant droit share a birth date: the rank tells them apart (DOMAIN.md §3).
    birth_rank: int | None = Field(
        default=None,
        description="Birth rank (1–9): tells apart twins of one ouvrant droit sharing a birth date.",
    )
    sex: Sex | None = Field(
        default=None, description="Sex: `M`, `F` or `I`; null when the AMO data do not carry it."
    )
    birth_place_code: str | None = Field(
        default=None, description="Birth place: INSEE COG commune code (5 characters, `99xxx` abroad)."
    )
    quality: str = Field(
        description="Quality on the AMO data: `ouvrant_droit` (the insured), `conjoint`, `enfant` or `autre`."
    )
    insurer: str = Field(description="The compulsory insurer's code (organisme de rattachement, 9 digits).")
    # Date the AMO data were last updated on the app (DOMAIN.md §4).
    updated_on: date | None = Field(
        default=None, description="Date the AMO data were last updated on the patient's app."
    )
    ins: Ins | None = Field(
        default=None,
        description="The INS read from the app: counts as qualified (RNIV), ayants droit included.",
    )


class ApcvSessionOpened(DomainEvent):
    """ADRI validated the rights: a 30-minute billing session is open for this beneficiary.

    v2: the beneficiary (NIRs, names, birth data, INS) is sealed (`dentalink_contracts.sealing`):
    ins-service opens it to qualify the identity, billing-service to make the care sheets; the reading
    mode, which no consumer used, is no longer carried."""

    event_type: ClassVar[str] = "fr.dentalink.vitale.apcv-session-opened.v2"
    topic: ClassVar[str] = topics.APCV_SESSION_OPENED_V2
    summary: ClassVar[str] = "An e-carte Vitale session opened after ADRI validated the rights."

    session_id: UUID
    practice_id: PracticeId
    practitioner_rpps: Rpps
    patient_key: PatientKey
    beneficiary: Sealed[ApcvBeneficiary]
    opened_at: datetime
    expires_at: datetime


class SessionCloseReason(StrEnum):
    CLOSED = "closed"
    EXPIRED = "expired"


class ApcvSessionClosed(DomainEvent):
    """The session ended, closed by the practitioner or expired: nothing more can be billed in it."""

    event_type: ClassVar[str] = "fr.dentalink.vitale.apcv-session-closed.v1"
    topic: ClassVar[str] = topics.APCV_SESSION_CLOSED_V1
    summary: ClassVar[str] = "An e-carte Vitale session was closed or expired."

    session_id: UUID
    practice_id: PracticeId
    patient_key: PatientKey
    reason: SessionCloseReason
    closed_at: datetime
