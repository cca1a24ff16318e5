from enum import StrEnum

class RecordArea(StrEnum):
    DMP = "dmp"
    ESPACE_SANTE = "espace_sante"

    def __str__(self) -> str:
        return str(self.value)
