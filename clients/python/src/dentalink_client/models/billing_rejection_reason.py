from enum import StrEnum

class BillingRejectionReason(StrEnum):
    NO_TARIFF = "no_tariff"
    PRACTITIONER_NOT_DENTIST = "practitioner_not_dentist"
    YEARLY_CAP_REACHED = "yearly_cap_reached"

    def __str__(self) -> str:
        return str(self.value)
