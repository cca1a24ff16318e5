"""Health professionals taking part in a tele-expertise: who they are and what they may do."""

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, model_validator

from dentalink_contracts.checksums import luhn_valid

# Profession is the contracts enum the gateway forwards: dentist, physician, nurse, dental assistant, other.
from dentalink_contracts.values import Profession, Rpps

_FINESS_PATTERN = r"^(?:[0-9]{2}|2[AB])[0-9]{7}$"


class DentalSpecialty(StrEnum):
    """Qualified specialist dentist (ODF, chirurgie orale, médecine bucco-dentaire); avenant 1 art. 58."""

    ORTHODONTICS = "orthodontics"
    ORAL_SURGERY = "oral_surgery"
    ORAL_MEDICINE = "oral_medicine"


class MedicalSpecialty(StrEnum):
    """Medical specialties of a physician requis for oral cancer / rare disease (avenant 1 art. 58)."""

    ENT = "ent"
    MAXILLOFACIAL_SURGERY = "maxillofacial_surgery"
    STOMATOLOGY = "stomatology"
    DERMATOLOGY = "dermatology"
    ONCOLOGY = "oncology"
    RADIATION_ONCOLOGY = "radiation_oncology"
    INTERNAL_MEDICINE = "internal_medicine"
    MEDICAL_GENETICS = "medical_genetics"
    PATHOLOGY = "pathology"
    # Any other specialty of the medical register: the rule asks for "a medical specialist", not a list.
    OTHER = "other_medical_specialty"


Specialty = DentalSpecialty | MedicalSpecialty


def _check_finess(finess: str) -> str:
    # No public source gives the key rule for Corsican 2A/2B numbers: their format alone is checked.
    if finess[:2] in ("2A", "2B"):
        return finess
    if not luhn_valid(finess):
        raise ValueError("the FINESS control key is wrong")
    return finess


# FINESS: 9 characters, department (2 digits, 2A or 2B) + 6-digit order number + Luhn key.
Finess = Annotated[str, StringConstraints(pattern=_FINESS_PATTERN), AfterValidator(_check_finess)]


class Professional(BaseModel):
    """A health professional identified by RPPS; EHPAD/ESMS staff also carry their establishment's FINESS."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rpps: Rpps
    profession: Profession
    specialty: Specialty | None = None
    establishment_finess: Finess | None = None

    @model_validator(mode="after")
    def _specialty_matches_profession(self) -> "Professional":
        if isinstance(self.specialty, DentalSpecialty) and self.profession is not Profession.DENTIST:
            raise ValueError("a dental specialty belongs to a dentist")
        if isinstance(self.specialty, MedicalSpecialty) and self.profession is not Profession.PHYSICIAN:
            raise ValueError("a medical specialty belongs to a physician")
        return self

    @property
    def is_dentist(self) -> bool:
        """Chirurgien-dentiste, specialist or not."""
        return self.profession is Profession.DENTIST

    @property
    def is_specialist_dentist(self) -> bool:
        """Dentist qualified in ODF, oral surgery or oral medicine (avenant 1 art. 58)."""
        return self.is_dentist and self.specialty is not None

    @property
    def is_medical_specialist(self) -> bool:
        """Physician with a medical specialty; a general practitioner has none here (avenant 1 art. 58)."""
        return self.profession is Profession.PHYSICIAN and self.specialty is not None

    @property
    def works_in_establishment(self) -> bool:
        """Professional of an EHPAD or disability establishment, known by its FINESS."""
        return self.establishment_finess is not None


def professional(
    rpps: str, profession: str, specialty: str | None, finess: str | None = None
) -> Professional:
    """A Professional from stored or forwarded fields (validated: a malformed FINESS raises)."""
    return Professional.model_validate(
        {"rpps": rpps, "profession": profession, "specialty": specialty, "establishment_finess": finess}
    )


def known_specialty(profession: Profession, specialty: str | None) -> Specialty | None:
    """The caller's specialty in the rules' vocabulary, or None when it is not one the rules use."""
    if specialty is None:
        return None
    try:
        if profession is Profession.DENTIST:
            return DentalSpecialty(specialty)
        if profession is Profession.PHYSICIAN:
            return MedicalSpecialty(specialty)
    except ValueError:
        # A physician's specialty outside our list is still a medical specialty (avenant 1 art. 58).
        return MedicalSpecialty.OTHER if profession is Profession.PHYSICIAN else None
    return None
