from enum import StrEnum

class LookupMethod(StrEnum):
    CARTE_VITALE = "carte-vitale"
    TRAITS = "traits"

    def __str__(self) -> str:
        return str(self.value)
