from enum import StrEnum

class ProfileSection(StrEnum):
    ALLERGIES = "allergies"
    ILLNESSES_AND_TOPICS = "illnesses_and_topics"
    MEASUREMENTS = "measurements"
    TREATMENTS = "treatments"
    VACCINATIONS = "vaccinations"

    def __str__(self) -> str:
        return str(self.value)
