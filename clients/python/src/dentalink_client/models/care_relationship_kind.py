from enum import StrEnum

class CareRelationshipKind(StrEnum):
    CONSULTED = "consulted"
    ENTRY_CHECKUP = "entry_checkup"

    def __str__(self) -> str:
        return str(self.value)
