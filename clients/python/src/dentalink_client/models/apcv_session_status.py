from enum import StrEnum

class ApcvSessionStatus(StrEnum):
    CLOSED = "closed"
    EXPIRED = "expired"
    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
