from enum import StrEnum

class ChangeKind(StrEnum):
    CREATED = "created"
    REMOVED = "removed"
    UPDATED = "updated"

    def __str__(self) -> str:
        return str(self.value)
