from enum import StrEnum

class Profession(StrEnum):
    DENTAL_ASSISTANT = "dental_assistant"
    DENTIST = "dentist"
    NURSE = "nurse"
    OTHER = "other"
    PHYSICIAN = "physician"

    def __str__(self) -> str:
        return str(self.value)
