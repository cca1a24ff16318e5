"""Request and response bodies of the identities API (the public contract, ARCHITECTURE.md API)."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from dentalink_contracts import Ins, InsOid, Sex
from ins_service.domain import (
    BirthTraits,
    DocumentType,
    IdentityAttribute,
    InsiResultCode,
    InsStatus,
    check_consistency,
    is_downgrade,
    parse_matricule,
)
from ins_service.models import IdentityRow, TransitionRow
from ins_service.store import identity_of
from servicekit.text import Text

_PLACE = r"^(?:[0-9]{2}|2[ABab])[0-9]{3}$"


class IdentityCreate(BaseModel):
    """Traits as typed by the user, and the INS when it is already known (matricule + OID)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "birth_name": "Legrand",
                    "birth_first_names": "Paul André",
                    "birth_date": "1985-03-14",
                    "sex": "M",
                    "birth_place_code": "75113",
                },
                {
                    "birth_name": "d'Artagnan de l'Hérault",
                    "birth_first_names": "Marie-Hélène",
                    "birth_date": "1980-01-30",
                    "sex": "F",
                    "birth_place_code": "2A004",
                    "matricule": "280012A00400712",
                    "oid": "1.2.250.1.213.1.4.10",
                },
            ]
        },
    )

    birth_name: Text = Field(min_length=1, max_length=100, description="Birth name as typed; kept exactly.")
    birth_first_names: Text = Field(min_length=1, max_length=200, description="Birth first names, spaced.")
    first_birth_first_name: Text | None = Field(
        default=None, max_length=100, description="The first birth first name; defaults to the list's first."
    )
    birth_date: date
    sex: Sex
    birth_place_code: str | None = Field(default=None, pattern=_PLACE, description="INSEE COG code.")
    matricule: Text | None = Field(default=None, max_length=20, description="NIR or NIA, if known.")
    oid: InsOid | None = Field(default=None, description="OID of the matricule's assigning authority.")
    acknowledged_homonyms: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Ids of identities with the same traits confirmed to be other persons (HOMA).",
    )


class CarteVitaleData(BaseModel):
    """What the carte Vitale reader gave; the birth name and date default to the typed traits."""

    model_config = ConfigDict(extra="forbid")

    matricule: Text = Field(min_length=13, max_length=20, description="The card's matricule (the holder's).")
    birth_rank: int = Field(default=1, ge=1, le=9, description="Tells twins on one card apart.")
    birth_name: Text | None = Field(default=None, min_length=1, max_length=100)
    birth_date: date | None = None


class LookupMethod(StrEnum):
    TRAITS = "traits"
    CARTE_VITALE = "carte-vitale"


class InsiLookupCreate(BaseModel):
    """An INSi search: by the typed traits (with the retry strategy) or by carte Vitale data."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"method": "traits"},
                {"method": "carte-vitale", "carte_vitale": {"matricule": "178044410901264", "birth_rank": 1}},
            ]
        },
    )

    method: LookupMethod = LookupMethod.TRAITS
    carte_vitale: CarteVitaleData | None = None


class DocumentCheckCreate(BaseModel):
    """The high-trust document the traits were checked against: its type and context only, never
    its number or an image (extra fields are refused)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"document": "passport"},
                {"document": "national-id-card", "holder_nationality": "FR"},
                {"document": "birth-certificate-extract", "guardian_document": "passport"},
            ]
        },
    )

    document: DocumentType
    holder_nationality: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="ISO alpha-2.")
    guardian_document: DocumentType | None = None
    guardian_nationality: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    ehpad_direct_admission: StrictBool = False  # true or false: not `0`, not "yes"
    carte_vitale_with_photo: StrictBool = False


class AttributeCreate(BaseModel):
    """An RNIV attribute to set: DOUT (doubtful), FICT (fictitious) or HOMA (homonym)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"attribute": "DOUT"}]})

    attribute: IdentityAttribute


class TraitsOut(BaseModel):
    birth_name: str
    birth_first_names: str
    first_birth_first_name: str
    birth_date: date
    sex: Sex
    birth_place_code: str | None = None


class InsOut(BaseModel):
    matricule: str
    oid: InsOid
    confirmed: bool = Field(description="Retrieved or verified by INSi, or read from the apCV.")


class AlertOut(BaseModel):
    """An identity-vigilance alert: the matricule and the traits disagree (never corrected silently)."""

    code: str
    message: str
    traits: str = Field(description="Which traits: typed or insi.")


class Links(BaseModel):
    self: str
    history: str


class IdentityOut(BaseModel):
    """An identity of the practice. `may_reference_health_data` is true only when QUAL."""

    id: uuid.UUID
    status: InsStatus
    typed_traits: TraitsOut
    insi_traits: TraitsOut | None
    ins: InsOut | None
    previous_ins: list[Ins]
    attributes: list[IdentityAttribute]
    verification_refused: bool
    collection_method: str
    validation_mode: str | None
    may_reference_health_data: bool
    matricule_flags: list[str]
    alerts: list[AlertOut]
    insi_confirmed_at: datetime | None
    validated_at: datetime | None
    created_at: datetime
    updated_at: datetime
    links: Links


class TransitionOut(BaseModel):
    """One immutable history entry: who (RPPS), when, how."""

    id: uuid.UUID
    kind: str
    by_rpps: str
    at: datetime
    previous_status: InsStatus | None
    new_status: InsStatus
    downgrade: bool
    attributes: list[str]
    reason: str
    collection_method: str | None
    validation_mode: str | None
    document_check: dict[str, Any] | None
    insi_operation: str | None
    insi_result_code: str | None
    insi_call_reference: str | None
    apcv_session_reference: str | None
    attribute: str | None


class IdentityChange(BaseModel):
    """The identity after a change, and the history entry the change wrote."""

    identity: IdentityOut
    transition: TransitionOut


class InsiCall(BaseModel):
    step: int
    first_names: str = Field(description="The first names sent on this attempt.")
    with_birth_place: bool
    result_code: InsiResultCode
    call_reference: str


class InsiOutcome(IdentityChange):
    """An INSi answer applied: 00 found, 01 none found, 02 several found (after the retry strategy)."""

    result_code: InsiResultCode
    calls: list[InsiCall]


def _traits_out(traits: Any) -> TraitsOut:
    return TraitsOut(
        birth_name=traits.birth_name,
        birth_first_names=traits.birth_first_names,
        first_birth_first_name=traits.first_birth_first_name,
        birth_date=traits.birth_date,
        sex=traits.sex,
        birth_place_code=traits.birth_place_code,
    )


def identity_out(row: IdentityRow) -> IdentityOut:
    identity = identity_of(row)
    flags: list[str] = []
    alerts: list[AlertOut] = []
    if identity.ins is not None:
        parsed = parse_matricule(identity.ins.matricule)
        flags = sorted(flag.value for flag in parsed.flags)
        forms: list[tuple[str, BirthTraits]] = [("typed", identity.typed_traits)]
        if identity.insi_traits is not None:
            forms.append(("insi", identity.insi_traits))
        for label, traits in forms:
            alerts += [
                AlertOut(code=alert.code, message=alert.message, traits=label)
                for alert in check_consistency(parsed, traits)
            ]
    return IdentityOut(
        id=row.id,
        status=identity.status,
        typed_traits=_traits_out(identity.typed_traits),
        insi_traits=_traits_out(identity.insi_traits) if identity.insi_traits else None,
        ins=InsOut(matricule=identity.ins.matricule, oid=identity.ins.oid, confirmed=identity.ins_confirmed)
        if identity.ins
        else None,
        previous_ins=list(identity.previous_ins),
        attributes=sorted(identity.attributes),
        verification_refused=identity.verification_refused,
        collection_method=identity.collection_method.value,
        validation_mode=identity.validation_mode.value if identity.validation_mode else None,
        may_reference_health_data=identity.may_reference_health_data,
        matricule_flags=flags,
        alerts=alerts,
        insi_confirmed_at=row.insi_confirmed_at,
        validated_at=row.validated_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        links=Links(self=f"/v1/identities/{row.id}", history=f"/v1/identities/{row.id}/history"),
    )


def transition_out(row: TransitionRow) -> TransitionOut:
    previous = InsStatus(row.previous_status) if row.previous_status else None
    new = InsStatus(row.new_status)
    return TransitionOut(
        id=row.id,
        kind=row.kind,
        by_rpps=row.by_rpps,
        at=row.at,
        previous_status=previous,
        new_status=new,
        downgrade=previous is not None and is_downgrade(previous, new),
        attributes=list(row.attributes),
        reason=row.reason,
        collection_method=row.collection_method,
        validation_mode=row.validation_mode,
        document_check=row.document_check,
        insi_operation=row.insi_operation,
        insi_result_code=row.insi_result_code,
        insi_call_reference=row.insi_call_reference,
        apcv_session_reference=row.apcv_session_reference,
        attribute=row.attribute,
    )
