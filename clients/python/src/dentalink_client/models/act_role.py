from enum import StrEnum

class ActRole(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"

    def __str__(self) -> str:
        return str(self.value)
