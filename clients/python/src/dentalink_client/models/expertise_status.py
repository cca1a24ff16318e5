from enum import StrEnum

class ExpertiseStatus(StrEnum):
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUSED = "refused"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
