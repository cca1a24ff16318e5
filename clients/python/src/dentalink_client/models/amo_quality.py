from enum import StrEnum

class AmoQuality(StrEnum):
    AUTRE = "autre"
    CONJOINT = "conjoint"
    ENFANT = "enfant"
    OUVRANT_DROIT = "ouvrant_droit"

    def __str__(self) -> str:
        return str(self.value)
