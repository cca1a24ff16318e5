from enum import StrEnum

class RefusalReason(StrEnum):
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_RELEVANT = "not_relevant"
    OTHER = "other"
    OUTSIDE_EXPERTISE = "outside_expertise"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
