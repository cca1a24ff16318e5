"""Value types shared by every service and by the public API."""

import hashlib
import hmac
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from dentalink_contracts.nir import TYPED_NIR_MAX_LENGTH, TYPED_NIR_PATTERN, compact_nir


def _compact_if_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    if len(value) > TYPED_NIR_MAX_LENGTH:  # as documented for input (WithJsonSchema below)
        raise ValueError(f"at most {TYPED_NIR_MAX_LENGTH} characters, spaces included")
    return compact_nir(value)


# An INS matricule as carried between services: 15 digits, or 13 + Corsican 2A/2B (DOMAIN.md §1).
# Typed with spaces (`1 84 12 76 451 089 46`) or a lower-case 2a/2b, it is compacted first (issue 16).
Matricule = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}[0-9]{2}$"),
    # Last, so it runs first and the documented schema keeps the pattern.
    BeforeValidator(_compact_if_text),
    # What a client may send, documented as such: the answers keep the compact pattern above.
    WithJsonSchema(
        {"type": "string", "pattern": TYPED_NIR_PATTERN, "maxLength": TYPED_NIR_MAX_LENGTH}, mode="validation"
    ),
]

# RPPS: 11 digits identifying a health professional (Annuaire Santé).
Rpps = Annotated[str, StringConstraints(pattern=r"^[0-9]{11}$")]

# A practice (cabinet) identifier as registered with the gateway (the pattern for path parameters too).
PRACTICE_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
PracticeId = Annotated[str, StringConstraints(pattern=PRACTICE_ID_PATTERN)]

# Pseudonymous patient key used as Kafka message key: never the matricule in clear.
PatientKey = Annotated[str, StringConstraints(pattern=r"^pk_[0-9a-f]{32}$")]


class InsOid(StrEnum):
    """OIDs of the INS assigning authorities (DOMAIN.md §2)."""

    NIR = "1.2.250.1.213.1.4.8"
    NIA = "1.2.250.1.213.1.4.9"
    NIR_TEST = "1.2.250.1.213.1.4.10"
    NIR_DEMO = "1.2.250.1.213.1.4.11"


class Sex(StrEnum):
    """Administrative sex as carried by the INS traits."""

    MALE = "M"
    FEMALE = "F"


class Ins(BaseModel):
    """A national health identity reference: matricule + the OID of its assigning authority."""

    model_config = ConfigDict(frozen=True)

    matricule: Matricule = Field(description="The INS matricule: NIR or NIA, 15 characters (key included).")
    oid: InsOid = Field(description="OID of the matricule's assigning authority: NIR, NIA or TEST (sandbox).")


def patient_key(matricule: str, secret: bytes) -> str:
    """Derive the pseudonymous key of a patient (HMAC-SHA256, truncated) used to order its events."""
    digest = hmac.new(secret, matricule.upper().encode("ascii"), hashlib.sha256).hexdigest()
    return f"pk_{digest[:32]}"


def _two_places(value: Decimal) -> Decimal:
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("an amount in euros has at most two decimal places")
    return value.quantize(Decimal("0.01"))


# Money in euros: exact Decimal, two places, serialised as a string such as "10.00".
Euros = Annotated[
    Decimal,
    Field(max_digits=12, decimal_places=2),
    AfterValidator(_two_places),
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="always"),
]


class Profession(StrEnum):
    """Profession of the acting health professional, as Pro Santé Connect states it."""

    DENTIST = "dentist"
    PHYSICIAN = "physician"
    NURSE = "nurse"
    DENTAL_ASSISTANT = "dental_assistant"
    OTHER = "other"


class Role(StrEnum):
    """Habilitation role of a professional in a practice (HAS telemedicine guide: least privilege)."""

    DENTIST = "dentist"
    SPECIALIST = "specialist"
    DENTAL_ASSISTANT = "dental_assistant"
    EHPAD_PROFESSIONAL = "ehpad_professional"
    AUDITOR = "auditor"
    PRACTICE_ADMIN = "practice_admin"
