from enum import StrEnum

class ItemStatus(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"

    def __str__(self) -> str:
        return str(self.value)
