"""Request and response bodies of the identities API (the public contract, ARCHITECTURE.md API)."""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from dentalink_contracts import Ins, InsOid, Sex
from dentalink_contracts.nir import TYPED_NIR_MAX_LENGTH
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
from servicekit.examples import example_of
from servicekit.text import Text

_PLACE = r"^(?:[0-9]{2}|2[ABab])[0-9]{3}$"

# Shared by the examples of unrelated models: the example identity's id and the INSi call that found it.
_IDENTITY_ID = "3f6c1a52-7d0e-4c1b-9a43-5b2e8f9d0c11"
_INSI_CALL_REFERENCE = "INSI-SBX-20250303-000017"


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
    birth_date: date = Field(description="Date of birth (ISO 8601), as typed from the patient's document.")
    sex: Sex = Field(description="Sex as on the civil status: `M`, `F` or `I` (indeterminate).")
    birth_place_code: str | None = Field(default=None, pattern=_PLACE, description="INSEE COG code.")
    matricule: Text | None = Field(
        default=None,
        max_length=TYPED_NIR_MAX_LENGTH,
        description="NIR or NIA, if known; compact or spaced as on the card (`1 84 12 76 451 089 46`).",
    )
    oid: InsOid | None = Field(default=None, description="OID of the matricule's assigning authority.")
    acknowledged_homonyms: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Ids of identities with the same traits confirmed to be other persons (HOMA).",
    )


class CarteVitaleData(BaseModel):
    """What the carte Vitale reader gave; the birth name and date default to the typed traits."""

    model_config = ConfigDict(extra="forbid")

    matricule: Text = Field(
        min_length=13,
        max_length=TYPED_NIR_MAX_LENGTH,
        description="The card's matricule (the holder's); compact or spaced as printed on the card.",
    )
    birth_rank: int = Field(default=1, ge=1, le=9, description="Tells twins on one card apart.")
    birth_name: Text | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Birth name read from the card; the typed birth name when absent.",
    )
    birth_date: date | None = Field(
        default=None,
        description="Birth date read from the card (ISO 8601); the typed one when absent.",
    )


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

    method: LookupMethod = Field(
        default=LookupMethod.TRAITS,
        description=(
            "`traits`: INSi searched with the typed traits (with the first-names retry strategy); "
            "`carte-vitale`: with the card's data."
        ),
    )
    carte_vitale: CarteVitaleData | None = Field(
        default=None, description="The card's data; required when `method` is `carte-vitale`."
    )


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

    document: DocumentType = Field(
        description=(
            "Type of the high-trust document the traits were checked against (a carte Vitale is refused: "
            "it is no identity proof)."
        )
    )
    holder_nationality: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="ISO alpha-2.")
    guardian_document: DocumentType | None = Field(
        default=None,
        description=(
            "For a minor with a birth extract or family record book: the parent's or guardian's "
            "high-trust document."
        ),
    )
    guardian_nationality: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}$",
        description="The guardian document's issuing country, ISO 3166-1 alpha-2.",
    )
    ehpad_direct_admission: StrictBool = Field(
        default=False,
        description=(
            "The resident entered the EHPAD directly, the document being checked by its staff (RNIV EHPAD"
            " rule)."
        ),
    )  # true or false: not `0`, not "yes"
    carte_vitale_with_photo: StrictBool = Field(
        default=False,
        description="A carte Vitale with photo was also shown (context only; never a proof on its own).",
    )


class AttributeCreate(BaseModel):
    """An RNIV attribute to set: DOUT (doubtful), FICT (fictitious) or HOMA (homonym)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"attribute": "DOUT"}]})

    attribute: IdentityAttribute = Field(
        description=(
            "RNIV attribute: `DOUT` doubtful, `FICT` fictitious (both freeze the status at PROV), `HOMA` "
            "homonym."
        )
    )


class TraitsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "birth_name": "d'Artagnan de l'Hérault",
                    "birth_first_names": "Marie-Hélène",
                    "first_birth_first_name": "Marie-Hélène",
                    "birth_date": "1980-01-30",
                    "sex": "F",
                    "birth_place_code": "2A004",
                }
            ]
        }
    )

    birth_name: str = Field(
        description="Birth name (nom de naissance), exactly as typed or returned by INSi."
    )
    birth_first_names: str = Field(description="Birth first names, space-separated, in civil-status order.")
    first_birth_first_name: str = Field(description="The first of the birth first names (used on documents).")
    birth_date: date = Field(description="Date of birth (ISO 8601).")
    sex: Sex = Field(description="Sex: `M`, `F` or `I` (indeterminate).")
    birth_place_code: str | None = Field(
        default=None,
        description="Birth place: INSEE COG commune code (5 characters, `99xxx` abroad); null when unknown.",
    )


class InsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"matricule": "280012A00400712", "oid": "1.2.250.1.213.1.4.10", "confirmed": True}]
        }
    )

    matricule: str = Field(description="The INS matricule: NIR or NIA, 15 characters with its key.")
    oid: InsOid = Field(
        description="OID of the matricule's assigning authority (NIR, NIA or the TEST OID of the sandbox)."
    )
    confirmed: bool = Field(description="Retrieved or verified by INSi, or read from the apCV.")


class AlertOut(BaseModel):
    """An identity-vigilance alert: the matricule and the traits disagree (never corrected silently)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "birth-year-mismatch",
                    "message": "the birth year in the matricule differs from the birth date",
                    "traits": "typed",
                }
            ]
        }
    )

    code: str = Field(description="Stable code of the disagreement, e.g. `birth-year-mismatch`.")
    message: str = Field(description="Human-readable explanation, without personal data.")
    traits: str = Field(description="Which traits: typed or insi.")


class Links(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "self": f"/v1/identities/{_IDENTITY_ID}",
                    "history": f"/v1/identities/{_IDENTITY_ID}/history",
                }
            ]
        }
    )

    self: str = Field(description="Path of this identity.")
    history: str = Field(description="Path of this identity's history.")


class IdentityOut(BaseModel):
    """An identity of the practice. `may_reference_health_data` is true only when QUAL."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _IDENTITY_ID,
                    "status": "QUAL",
                    "typed_traits": example_of(TraitsOut),
                    "insi_traits": example_of(TraitsOut),
                    "ins": example_of(InsOut),
                    "previous_ins": [],
                    "attributes": [],
                    "verification_refused": False,
                    "collection_method": "INSI",
                    "validation_mode": "PA",
                    "may_reference_health_data": True,
                    "matricule_flags": [],
                    "alerts": [],
                    "insi_confirmed_at": "2025-03-03T09:14:05Z",
                    "validated_at": "2025-03-03T09:16:40Z",
                    "created_at": "2025-03-03T09:12:00Z",
                    "updated_at": "2025-03-03T09:16:40Z",
                    "links": example_of(Links),
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="Identity id, unique within the platform.")
    status: InsStatus = Field(
        description=(
            "RNIV status: `PROV` provisional, `RECUP` retrieved by INSi, `VALI` validated by a document, "
            "`QUAL` qualified (retrieved and validated)."
        )
    )
    typed_traits: TraitsOut = Field(description="The traits as typed by the practice.")
    insi_traits: TraitsOut | None = Field(
        description="The traits returned by INSi; null until INSi found the patient."
    )
    ins: InsOut | None = Field(description="The INS (matricule + OID); null until known.")
    previous_ins: list[Ins] = Field(
        description="Former INS of this patient (an NIA replaced by a NIR), oldest first."
    )
    attributes: list[IdentityAttribute] = Field(description="RNIV attributes set: `DOUT`, `FICT`, `HOMA`.")
    verification_refused: bool = Field(
        description="The patient refused the identity verification; the status stays PROV."
    )
    collection_method: str = Field(
        description=(
            "How the identity was collected (FR Core code): `SM` typed, `CV` carte Vitale, `INSI` INSi, "
            "`CB` barcode, `RFID` chip."
        )
    )
    validation_mode: str | None = Field(
        description=(
            "The proof the identity was validated with (FR Core code, e.g. `PA` passport, `CN` national "
            "id card); null until validated."
        )
    )
    may_reference_health_data: bool = Field(
        description=(
            "True only when QUAL: only a qualified INS may index health data (DMP, secure messaging, "
            "tele-expertise)."
        )
    )
    matricule_flags: list[str] = Field(
        description=(
            "Accepted but noteworthy features of the matricule: `foreign-person-being-registered`, "
            "`special-month`."
        )
    )
    alerts: list[AlertOut] = Field(
        description=(
            "Identity-vigilance alerts: the matricule and the traits disagree (never corrected silently)."
        )
    )
    insi_confirmed_at: datetime | None = Field(
        description="When INSi last returned or verified the INS; null when never."
    )
    validated_at: datetime | None = Field(
        description="When a high-trust document validated the identity; null when never."
    )
    created_at: datetime = Field(description="When the identity was created.")
    updated_at: datetime = Field(description="When the identity last changed.")
    links: Links = Field(description="Paths of related resources.")


class TransitionOut(BaseModel):
    """One immutable history entry: who (RPPS), when, how."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9b1e4a77-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
                    "kind": "document-checked",
                    "by_rpps": "10003456789",
                    "at": "2025-03-03T09:16:40Z",
                    "previous_status": "RECUP",
                    "new_status": "QUAL",
                    "downgrade": False,
                    "attributes": [],
                    "reason": "",
                    "collection_method": None,
                    "validation_mode": "PA",
                    "document_check": {"document": "passport"},
                    "insi_operation": None,
                    "insi_result_code": None,
                    "insi_call_reference": None,
                    "apcv_session_reference": None,
                    "attribute": None,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="History entry id.")
    kind: str = Field(
        description=(
            "What happened: `created`, `insi-result`, `document-checked`, `attribute-set`, "
            "`attribute-cleared`, `refusal-recorded`, `refusal-withdrawn`, `apcv-qualified`, …."
        )
    )
    by_rpps: str = Field(description="RPPS number (11 digits) of the professional who made the change.")
    at: datetime = Field(description="When the change was made.")
    previous_status: InsStatus | None = Field(description="Status before the change; null on creation.")
    new_status: InsStatus = Field(description="Status after the change.")
    downgrade: bool = Field(
        description="True when the status went down (e.g. QUAL to PROV on a doubtful attribute)."
    )
    attributes: list[str] = Field(description="RNIV attributes after the change.")
    reason: str = Field(description="Why the status changed, in words (empty when it did not).")
    collection_method: str | None = Field(
        description="The collection method recorded by this change, if any."
    )
    validation_mode: str | None = Field(description="The validation mode recorded by this change, if any.")
    document_check: dict[str, Any] | None = Field(
        description="The document check recorded (type and context only, never a number or image)."
    )
    insi_operation: str | None = Field(
        description=(
            "The INSi operation called (`search-by-traits`, `search-by-carte-vitale` or `verify`), if any."
        )
    )
    insi_result_code: str | None = Field(
        description="INSi business result: `00` found, `01` none found, `02` several found."
    )
    insi_call_reference: str | None = Field(
        description="INSi's reference of the call, for a support request."
    )
    apcv_session_reference: str | None = Field(
        description="The apCV session the identity was qualified through, if any."
    )
    attribute: str | None = Field(description="The RNIV attribute set or cleared by this change, if any.")


class IdentityChange(BaseModel):
    """The identity after a change, and the history entry the change wrote."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"identity": example_of(IdentityOut), "transition": example_of(TransitionOut)}]
        }
    )

    identity: IdentityOut = Field(description="The identity after the change.")
    transition: TransitionOut = Field(description="The history entry the change wrote.")


class InsiCall(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "step": 1,
                    "first_names": "Marie-Hélène",
                    "with_birth_place": True,
                    "result_code": "00",
                    "call_reference": _INSI_CALL_REFERENCE,
                }
            ]
        }
    )

    step: int = Field(description="Attempt number in the retry strategy, from 1.")
    first_names: str = Field(description="The first names sent on this attempt.")
    with_birth_place: bool = Field(description="Whether the birth place was sent on this attempt.")
    result_code: InsiResultCode = Field(
        description="INSi business result of this attempt: `00`, `01` or `02`."
    )
    call_reference: str = Field(description="INSi's reference of this call.")


class InsiOutcome(IdentityChange):
    """An INSi answer applied: 00 found, 01 none found, 02 several found (after the retry strategy)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                example_of(
                    IdentityChange,
                    identity=example_of(
                        IdentityOut,
                        status="RECUP",
                        validation_mode=None,
                        may_reference_health_data=False,
                        validated_at=None,
                    ),
                    transition=example_of(
                        TransitionOut,
                        kind="insi-result",
                        previous_status="PROV",
                        new_status="RECUP",
                        collection_method="INSI",
                        validation_mode=None,
                        document_check=None,
                        insi_operation="search-by-traits",
                        insi_result_code="00",
                        insi_call_reference=_INSI_CALL_REFERENCE,
                    ),
                    result_code="00",
                    calls=[example_of(InsiCall)],
                )
            ]
        }
    )

    result_code: InsiResultCode = Field(
        description="Final INSi result: `00` found, `01` none found, `02` several found."
    )
    calls: list[InsiCall] = Field(description="Every INSi call made, in order.")


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
