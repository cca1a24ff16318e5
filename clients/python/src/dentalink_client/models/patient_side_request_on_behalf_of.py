from enum import StrEnum

class PatientSideRequestOnBehalfOf(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"
    PATIENT = "patient"

    def __str__(self) -> str:
        return str(self.value)
