from enum import StrEnum

class PushStatus(StrEnum):
    FAILED = "failed"
    PUSHED = "pushed"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
