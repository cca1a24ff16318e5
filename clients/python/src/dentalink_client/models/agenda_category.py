from enum import StrEnum

class AgendaCategory(StrEnum):
    CHILD_EXAMINATION = "child_examination"
    GLAUCOMA_SCREENING = "glaucoma_screening"
    MTDENTS_EXAMINATION = "mtdents_examination"
    PREGNANCY_ORAL_EXAMINATION = "pregnancy_oral_examination"
    PREVENTION_CHECKUP = "prevention_checkup"
    VACCINATION = "vaccination"

    def __str__(self) -> str:
        return str(self.value)
