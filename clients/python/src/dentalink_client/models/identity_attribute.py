from enum import StrEnum

class IdentityAttribute(StrEnum):
    DOUT = "DOUT"
    FICT = "FICT"
    HOMA = "HOMA"

    def __str__(self) -> str:
        return str(self.value)
