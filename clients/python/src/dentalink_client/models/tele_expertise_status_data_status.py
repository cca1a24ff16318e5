from enum import StrEnum

class TeleExpertiseStatusDataStatus(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUSED = "refused"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
