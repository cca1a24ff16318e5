from enum import StrEnum

class AddedBy(StrEnum):
    PATIENT = "patient"
    PROFESSIONAL = "professional"

    def __str__(self) -> str:
        return str(self.value)
