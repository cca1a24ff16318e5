from enum import StrEnum

class DisabledReason(StrEnum):
    DISABLED_BY_PRACTICE = "disabled_by_practice"
    PERSISTENT_FAILURE = "persistent_failure"

    def __str__(self) -> str:
        return str(self.value)
