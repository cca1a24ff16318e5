"""Domain counters of billing-service (ARCHITECTURE.md, Observability). Labels carry no personal data.

Workflows bump them through `uow.outbox.count(...)`: only once the transaction that made the change
committed, so a retried or rolled-back handler never counts twice.
"""

from dentalink_contracts.events.billing import BillingRejectionReason
from dentalink_contracts.events.telemed import ActCode
from servicekit.counters import starting_at_zero
from servicekit.telemetry import meter

billed_euros = meter.create_counter(
    "dentalink_billing_billed_euros",
    description="Euros billed for tele-expertise acts (third-party payment by the AMO), per act code",
)
acts_decided = starting_at_zero(
    meter.create_counter(
        "dentalink_billing_tele_expertise_acts",
        description="Tele-expertise acts decided, per act code and outcome (billed or the rejection reason)",
    ),
    *(
        {"act_code": code.value, "outcome": outcome}
        for code in ActCode
        for outcome in ("billed", *(reason.value for reason in BillingRejectionReason))
    ),
)
care_sheets_signed = meter.create_counter(
    "dentalink_billing_care_sheets_signed", description="Electronic care sheets (FSE) signed"
)
care_sheet_euros = meter.create_counter(
    "dentalink_billing_care_sheet_euros", description="Euros of signed electronic care sheets (FSE)"
)
