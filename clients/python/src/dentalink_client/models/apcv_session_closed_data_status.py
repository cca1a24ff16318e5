from enum import StrEnum

class ApcvSessionClosedDataStatus(StrEnum):
    CLOSED = "closed"
    EXPIRED = "expired"

    def __str__(self) -> str:
        return str(self.value)
