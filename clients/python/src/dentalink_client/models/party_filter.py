from enum import StrEnum

class PartyFilter(StrEnum):
    REQUERANT = "requerant"
    REQUIS = "requis"

    def __str__(self) -> str:
        return str(self.value)
