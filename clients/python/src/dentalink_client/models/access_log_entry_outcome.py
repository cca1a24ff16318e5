from enum import StrEnum

class AccessLogEntryOutcome(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
