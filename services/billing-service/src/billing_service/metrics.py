"""Domain counters of billing-service (ARCHITECTURE.md, Observability). Labels carry no personal data.

Counters are bumped only once the transaction that made the change committed, so a retried or
rolled-back handler never counts twice.
"""

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.telemetry import after_commit, meter

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


def count_billed(session: AsyncSession, act_code: str, amount: Decimal) -> None:
    """Count one billed act and its euros after commit."""

    def bump() -> None:
        # A metric is an operational signal, not money of record: float is fine here.
        billed_euros.add(float(amount), {"act_code": act_code})
        acts_decided.add(1, {"act_code": act_code, "outcome": "billed"})

    after_commit(session, bump)


def count_rejected(session: AsyncSession, act_code: str, reason: str) -> None:
    """Count one rejected act after commit."""
    after_commit(session, lambda: acts_decided.add(1, {"act_code": act_code, "outcome": reason}))


def count_signed(session: AsyncSession, total: Decimal) -> None:
    """Count one signed care sheet and its total after commit."""

    def bump() -> None:
        care_sheets_signed.add(1)
        care_sheet_euros.add(float(total))

    after_commit(session, bump)
