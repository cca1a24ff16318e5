from enum import StrEnum

class BillingViewStatus(StrEnum):
    BILLED = "billed"
    PENDING = "pending"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
