"""Events published by vitale-service."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.sealing import Sealed
from dentalink_contracts.values import Ins, PatientKey, PracticeId, Rpps, Sex


class ReadingMode(StrEnum):
    QR = "qr"
    NFC = "nfc"


# The AMO data's fields, described once: for this event's beneficiary and for the apCV payload's
# (vitale-service's `AmoBeneficiary`), which carry the same fields with stricter types.
AMO_BENEFICIARY_FIELDS: dict[str, str] = {
    "nir": "The beneficiary's own NIR (15 characters with its key).",
    "ouvrant_droit_nir": (
        "NIR of the insured person (ouvrant droit) this beneficiary's rights come from; null for the "
        "ouvrant droit themself."
    ),
    "birth_name": "Birth name, upper case as in the AMO data.",
    "usage_name": "Usage (married) name, when the AMO data carry one.",
    "first_names": "First names, upper case, space-separated, as in the AMO data.",
    "birth_date": "Date of birth (ISO 8601).",
    "birth_rank": "Birth rank (1–9): tells apart twins of one ouvrant droit sharing a birth date.",
    "sex": "Sex: `M`, `F` or `I`; null when the AMO data do not carry it.",
    "birth_place_code": "Birth place: INSEE COG commune code (5 characters, `99xxx` abroad).",
    "quality": "Quality on the AMO data: `ouvrant_droit` (the insured), `conjoint`, `enfant` or `autre`.",
    "insurer": "The compulsory insurer's code (organisme de rattachement, 9 digits).",
    "updated_on": "Date the AMO data were last updated on the patient's app.",
    "ins": "The INS read from the app: counts as qualified (RNIV), ayants droit included.",
}


class ApcvBeneficiary(BaseModel):
    """The beneficiary chosen on the app, as the AMO data describe them (DOMAIN.md §4)."""

    model_config = ConfigDict(frozen=True)

    nir: str = Field(description=AMO_BENEFICIARY_FIELDS["nir"])
    ouvrant_droit_nir: str | None = Field(
        default=None, description=AMO_BENEFICIARY_FIELDS["ouvrant_droit_nir"]
    )
    birth_name: str = Field(description=AMO_BENEFICIARY_FIELDS["birth_name"])
    usage_name: str | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["usage_name"])
    first_names: str = Field(description=AMO_BENEFICIARY_FIELDS["first_names"])
    birth_date: date = Field(description=AMO_BENEFICIARY_FIELDS["birth_date"])
    # Twins of one ouvrant droit share a birth date: the rank tells them apart (DOMAIN.md §3).
    birth_rank: int | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["birth_rank"])
    sex: Sex | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["sex"])
    birth_place_code: str | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["birth_place_code"])
    quality: str = Field(description=AMO_BENEFICIARY_FIELDS["quality"])
    insurer: str = Field(description=AMO_BENEFICIARY_FIELDS["insurer"])
    # Date the AMO data were last updated on the app (DOMAIN.md §4).
    updated_on: date | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["updated_on"])
    ins: Ins | None = Field(default=None, description=AMO_BENEFICIARY_FIELDS["ins"])


# The OpenAPI example of a beneficiary: billing's care sheets and vitale's sessions embed it. A constant,
# not the model's `examples`: those would enter its schema in the AsyncAPI and OpenAPI documents.
APCV_BENEFICIARY_EXAMPLE: dict[str, Any] = {
    "nir": "212024410904579",
    "ouvrant_droit_nir": "178044410901264",
    "birth_name": "MARTIN",
    "usage_name": None,
    "first_names": "LEA",
    "birth_date": "2012-02-29",
    "birth_rank": 1,
    "sex": "F",
    "birth_place_code": "44109",
    "quality": "enfant",
    "insurer": "014410000",
    "updated_on": "2025-01-15",
    "ins": {"matricule": "212024410904579", "oid": "1.2.250.1.213.1.4.10"},
}


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
