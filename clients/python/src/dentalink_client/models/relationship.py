from enum import StrEnum

class Relationship(StrEnum):
    LEGAL_GUARDIAN = "legal_guardian"
    PARENT = "parent"

    def __str__(self) -> str:
        return str(self.value)
