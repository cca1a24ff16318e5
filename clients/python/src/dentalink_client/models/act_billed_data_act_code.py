from enum import StrEnum

class ActBilledDataActCode(StrEnum):
    RQD = "RQD"
    TE2 = "TE2"

    def __str__(self) -> str:
        return str(self.value)
