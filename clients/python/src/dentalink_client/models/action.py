from enum import StrEnum

class Action(StrEnum):
    ACCEPT = "accept"
    ANSWER = "answer"
    CANCEL = "cancel"
    EXPIRE = "expire"
    RECORD_INCIDENT = "record_incident"
    REFUSE = "refuse"
    REQUEST = "request"

    def __str__(self) -> str:
        return str(self.value)
