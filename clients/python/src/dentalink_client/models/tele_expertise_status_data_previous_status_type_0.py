from enum import StrEnum

class TeleExpertiseStatusDataPreviousStatusType0(StrEnum):
    ACCEPTED = "accepted"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
