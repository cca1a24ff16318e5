from enum import StrEnum

class MedicalSpecialty(StrEnum):
    DERMATOLOGY = "dermatology"
    ENT = "ent"
    INTERNAL_MEDICINE = "internal_medicine"
    MAXILLOFACIAL_SURGERY = "maxillofacial_surgery"
    MEDICAL_GENETICS = "medical_genetics"
    ONCOLOGY = "oncology"
    OTHER_MEDICAL_SPECIALTY = "other_medical_specialty"
    PATHOLOGY = "pathology"
    RADIATION_ONCOLOGY = "radiation_oncology"
    STOMATOLOGY = "stomatology"

    def __str__(self) -> str:
        return str(self.value)
