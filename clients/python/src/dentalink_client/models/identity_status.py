from enum import StrEnum

class IdentityStatus(StrEnum):
    PROV = "PROV"
    QUAL = "QUAL"
    RECUP = "RECUP"
    VALI = "VALI"

    def __str__(self) -> str:
        return str(self.value)
