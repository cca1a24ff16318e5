from enum import StrEnum

class PartyRole(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
