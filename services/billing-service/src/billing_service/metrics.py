"""Domain counters of billing-service (ARCHITECTURE.md, Observability). Labels carry no personal data.

Workflows bump them through `uow.outbox.count(...)`: only once the transaction that made the change
committed, so a retried or rolled-back handler never counts twice.
"""

from servicekit.telemetry import meter

billed_euros = meter.create_counter(
    "dentalink_billing_billed_euros",
    description="Euros billed for tele-expertise acts (third-party payment by the AMO), per act code",
)
acts_decided = meter.create_counter(
    "dentalink_billing_tele_expertise_acts",
    description="Tele-expertise acts decided, per act code and outcome (billed or the rejection reason)",
)
care_sheets_signed = meter.create_counter(
    "dentalink_billing_care_sheets_signed", description="Electronic care sheets (FSE) signed"
)
care_sheet_euros = meter.create_counter(
    "dentalink_billing_care_sheet_euros", description="Euros of signed electronic care sheets (FSE)"
)
