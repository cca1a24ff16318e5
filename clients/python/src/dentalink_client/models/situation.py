from enum import StrEnum

class Situation(StrEnum):
    EHPAD_RESIDENT = "ehpad_resident"
    RARE_DISEASE = "rare_disease"
    SUSPECTED_ORAL_CANCER = "suspected_oral_cancer"

    def __str__(self) -> str:
        return str(self.value)
