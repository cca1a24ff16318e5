from enum import StrEnum

class DentalSpecialty(StrEnum):
    ORAL_MEDICINE = "oral_medicine"
    ORAL_SURGERY = "oral_surgery"
    ORTHODONTICS = "orthodontics"

    def __str__(self) -> str:
        return str(self.value)
