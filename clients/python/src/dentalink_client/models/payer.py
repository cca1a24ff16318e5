from enum import StrEnum

class Payer(StrEnum):
    AMO = "amo"
    PATIENT = "patient"

    def __str__(self) -> str:
        return str(self.value)
