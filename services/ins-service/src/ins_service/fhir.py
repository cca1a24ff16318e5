"""An identity as a FHIR R4 Patient following FR Core `fr-core-patient-ins` (FR Core 2.2.0).

- Identity reliability extension (`fr-core-identity-reliability`): identityStatus (PROV/RECUP/VALI/
  QUAL, `fr-core-cs-identity-status`), methodCollection (SM/CV/INSI/AV…), dateCollection (last INSi
  confirmation, or the apCV reading), validationDate and validationMode (the document checked), and
  one `comment` per RNIV attribute (DOUT/FICT/HOMA, `fr-core-cs-identity-status-comment`).
- The INS identifier slice (INS-NIR, INS-NIA, INS-NIR-TEST or INS-NIR-DEMO by OID, `use` official,
  previous ones `old`) only when the identity is QUAL: the matricule may be carried only then
  (DOMAIN.md §2; FR Core profile description).
- Name: the INS traits when INSi (or the apCV) gave them, else the typed ones; `given` holds the
  first birth first name and the `fr-core-patient-birth-list-given-name` extension the whole list.
- Birth place: `patient-birthPlace` with the INSEE code in `fr-core-address-insee-code` (communes,
  overseas included, from TRE-R13-CommuneOM; a `99xxx` country code from TRE-R20-Pays — an
  assumption: no FR Core example of a foreign birth place was found).
"""

from typing import Any

from dentalink_contracts import InsOid
from ins_service.domain import InsiTraits, InsStatus, TypedTraits
from ins_service.models import IdentityRow
from ins_service.store import identity_of
from servicekit.fhir import FHIR_JSON

MEDIA_TYPE = FHIR_JSON
PROFILE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins"
RELIABILITY = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability"
STATUS_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status"
COMMENT_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status-comment"
METHOD_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-method-collection"
MODE_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-mode-validation-identity"
IDENTIFIER_TYPE_SYSTEM = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
BIRTH_LIST = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name"
BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
INSEE_CODE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
COMMUNE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"
COUNTRY_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R20-Pays/FHIR/TRE-R20-Pays"

IDENTIFIER_TYPES = {
    InsOid.NIR: "INS-NIR",
    InsOid.NIA: "INS-NIA",
    InsOid.NIR_TEST: "INS-NIR-TEST",
    InsOid.NIR_DEMO: "INS-NIR-DEMO",
}
_GENDER = {"M": "male", "F": "female"}


def _coding(system: str, code: str) -> dict[str, str]:
    return {"system": system, "code": code}


def _reliability(row: IdentityRow) -> dict[str, Any]:
    identity = identity_of(row)
    parts: list[dict[str, Any]] = [
        {"url": "identityStatus", "valueCoding": _coding(STATUS_SYSTEM, identity.status.value)},
        {"url": "methodCollection", "valueCoding": _coding(METHOD_SYSTEM, identity.collection_method.value)},
    ]
    if row.insi_confirmed_at is not None:
        parts.append({"url": "dateCollection", "valueDate": row.insi_confirmed_at.date().isoformat()})
    for attribute in sorted(identity.attributes):
        parts.append(
            {"url": "comment", "valueCodeableConcept": {"coding": [_coding(COMMENT_SYSTEM, attribute)]}}
        )
    if identity.validation_mode is not None:
        if row.validated_at is not None:
            parts.append({"url": "validationDate", "valueDate": row.validated_at.date().isoformat()})
        parts.append(
            {"url": "validationMode", "valueCoding": _coding(MODE_SYSTEM, identity.validation_mode.value)}
        )
    return {"url": RELIABILITY, "extension": parts}


def _birth_place(code: str) -> dict[str, Any]:
    system = COUNTRY_SYSTEM if code.startswith("99") else COMMUNE_SYSTEM
    return {
        "url": BIRTH_PLACE,
        "valueAddress": {"extension": [{"url": INSEE_CODE, "valueCoding": _coding(system, code)}]},
    }


def _identifier(matricule: str, oid: InsOid, use: str) -> dict[str, Any]:
    return {
        "use": use,
        "type": {"coding": [_coding(IDENTIFIER_TYPE_SYSTEM, IDENTIFIER_TYPES[oid])]},
        "system": f"urn:oid:{oid.value}",
        "value": matricule,
    }


def patient(row: IdentityRow) -> dict[str, Any]:
    """The FHIR R4 Patient resource (JSON) of one identity."""
    identity = identity_of(row)
    traits: TypedTraits | InsiTraits = identity.insi_traits or identity.typed_traits
    extensions = [_reliability(row)]
    if traits.birth_place_code:
        extensions.append(_birth_place(traits.birth_place_code))
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(row.id),
        "meta": {"profile": [PROFILE], "lastUpdated": row.updated_at.isoformat()},
        "extension": extensions,
    }
    if identity.status is InsStatus.QUAL and identity.ins is not None:
        resource["identifier"] = [
            _identifier(identity.ins.matricule, identity.ins.oid, "official"),
            *(_identifier(ins.matricule, ins.oid, "old") for ins in identity.previous_ins),
        ]
    resource["name"] = [
        {
            "extension": [{"url": BIRTH_LIST, "valueString": traits.birth_first_names}],
            "use": "official",
            "family": traits.birth_name,
            "given": [traits.first_birth_first_name],
        }
    ]
    resource["gender"] = _GENDER[traits.sex.value]
    resource["birthDate"] = traits.birth_date.isoformat()
    return resource
