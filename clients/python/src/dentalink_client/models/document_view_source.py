from enum import StrEnum

class DocumentViewSource(StrEnum):
    DEPOSIT = "deposit"
    MESSAGE_ATTACHMENT = "message_attachment"
    TELE_EXPERTISE = "tele_expertise"

    def __str__(self) -> str:
        return str(self.value)
