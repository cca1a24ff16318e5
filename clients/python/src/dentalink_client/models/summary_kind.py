from enum import StrEnum

class SummaryKind(StrEnum):
    CARE_SHEET = "care_sheet"
    TELE_EXPERTISE = "tele_expertise"

    def __str__(self) -> str:
        return str(self.value)
