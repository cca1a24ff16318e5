"""Who the acting professional is, from the claims of a Pro Santé Connect ID token (CSP R6316-3).

Claims follow Pro Santé Connect's user data: `SubjectNameID` is the national identifier (idNat_PS,
"8" + RPPS for professionals in the RPPS), `SubjectRefPro.exercices[]` carries the profession
(`codeProfession`, ANS nomenclature TRE_G15) and the specialty (`codeSavoirFaire`, TRE_R38), and
each exercice's `activities[]` the establishment (`numeroFinessSite`).
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from dentalink_contracts.checksums import luhn_valid
from dentalink_contracts.values import Profession
from gateway.domain.rpps import is_valid_rpps
from servicekit.auth import Professional

RPPS_ID_PREFIX = "8"

# TRE_G15-ProfessionSante (ANS): 10 médecin, 31 assistant dentaire, 40 chirurgien-dentiste, 60 infirmier.
PROFESSIONS: Mapping[str, Profession] = MappingProxyType(
    {
        "10": Profession.PHYSICIAN,
        "31": Profession.DENTAL_ASSISTANT,
        "40": Profession.DENTIST,
        "60": Profession.NURSE,
    }
)

# TRE_R38-SpecialiteOrdinale (ANS) → the specialty names telemed-service uses (avenant 1 art. 58).
DENTAL_SPECIALTIES: Mapping[str, str] = MappingProxyType(
    {"SCD01": "orthodontics", "SCD02": "oral_surgery", "SCD03": "oral_medicine"}
)
MEDICAL_SPECIALTIES: Mapping[str, str] = MappingProxyType(
    {
        "SM01": "pathology",
        "SM06": "maxillofacial_surgery",
        "SM07": "maxillofacial_surgery",
        "SM68": "maxillofacial_surgery",
        "SM77": "maxillofacial_surgery",
        "SM50": "stomatology",
        "SM15": "dermatology",
        "SM17": "medical_genetics",
        "SM27": "internal_medicine",
        "SM72": "internal_medicine",
        "SM34": "ent",
        "SM39": "ent",
        "SM86": "ent",
        "SM35": "oncology",
        "SM36": "oncology",
        "SM37": "radiation_oncology",
        "SM45": "radiation_oncology",
    }
)
# General practice is not a specialty for tele-expertise (avenant 1 art. 58: "médecin spécialiste").
GENERAL_PRACTICE = frozenset({"SM26", "SM53", "SM54"})
OTHER_MEDICAL_SPECIALTY = "other_medical_specialty"


class InvalidProfessionalClaims(ValueError):
    """The token does not say who the professional is in a form the platform accepts."""


def rpps_of(id_nat: object) -> str:
    """The RPPS inside a PSC national identifier ("8" + 11 digits with a Luhn key; ANS idNat_PS)."""
    if not isinstance(id_nat, str) or not id_nat.startswith(RPPS_ID_PREFIX):
        raise InvalidProfessionalClaims("The professional has no RPPS identifier (SubjectNameID).")
    rpps = id_nat[len(RPPS_ID_PREFIX) :]
    if not is_valid_rpps(rpps):
        raise InvalidProfessionalClaims("The RPPS number is not 11 digits with a valid check digit.")
    return rpps


def specialty_of(profession: Profession, code: object) -> str | None:
    """The specialty name of a TRE_R38 code, for the professions where it matters (DOMAIN.md §6)."""
    if not isinstance(code, str) or not code:
        return None
    if profession is Profession.DENTIST:
        return DENTAL_SPECIALTIES.get(code)
    if profession is Profession.PHYSICIAN and code.startswith("SM") and code not in GENERAL_PRACTICE:
        return MEDICAL_SPECIALTIES.get(code, OTHER_MEDICAL_SPECIALTY)
    return None


def finess_is_valid(finess: str) -> bool:
    """FINESS: 9 characters, department (2 digits, 2A, 2B) + 6 digits + Luhn key (ANS FINESS)."""
    if len(finess) != 9:
        return False
    if finess[:2] in ("2A", "2B"):
        return finess[2:].isdigit()
    return luhn_valid(finess)


def _establishment(exercice: Mapping[str, Any]) -> str | None:
    activities = exercice.get("activities") or []
    for activity in activities if isinstance(activities, list) else []:
        finess = activity.get("numeroFinessSite") if isinstance(activity, Mapping) else None
        if isinstance(finess, str) and finess:
            if not finess_is_valid(finess):
                raise InvalidProfessionalClaims("The establishment FINESS number is not valid.")
            return finess
    return None


def professional_from_claims(claims: Mapping[str, Any]) -> Professional:
    """RPPS, profession, specialty and establishment of the professional's first exercice."""
    rpps = rpps_of(claims.get("SubjectNameID"))
    ref_pro = claims.get("SubjectRefPro")
    exercices = ref_pro.get("exercices") if isinstance(ref_pro, Mapping) else None
    if not isinstance(exercices, list) or not exercices or not isinstance(exercices[0], Mapping):
        raise InvalidProfessionalClaims("The token names no professional exercice (SubjectRefPro).")
    exercice = exercices[0]
    profession = PROFESSIONS.get(str(exercice.get("codeProfession")), Profession.OTHER)
    return Professional(
        rpps=rpps,
        profession=profession,
        specialty=specialty_of(profession, exercice.get("codeSavoirFaire")),
        establishment_finess=_establishment(exercice),
    )
