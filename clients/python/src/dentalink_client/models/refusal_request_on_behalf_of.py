from enum import StrEnum

class RefusalRequestOnBehalfOf(StrEnum):
    LEGAL_REPRESENTATIVE = "legal_representative"
    PATIENT = "patient"

    def __str__(self) -> str:
        return str(self.value)
