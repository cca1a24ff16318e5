from enum import StrEnum

class ActBilledDataPayer(StrEnum):
    AMO = "amo"
    PATIENT = "patient"

    def __str__(self) -> str:
        return str(self.value)
