from enum import StrEnum

class InvoiceStatus(StrEnum):
    BILLED = "billed"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
