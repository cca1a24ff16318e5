from enum import StrEnum

class CareSheetStatus(StrEnum):
    CANCELLED = "cancelled"
    DRAFT = "draft"
    SIGNED = "signed"

    def __str__(self) -> str:
        return str(self.value)
