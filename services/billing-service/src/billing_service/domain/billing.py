"""Deciding whether a recorded tele-expertise act is billed, and for how much (DOMAIN.md §6)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode

from billing_service.domain.caps import DEFAULT_CAP, CapWindowMode, acts_in_window, can_bill
from billing_service.domain.tariffs import NoTariffError, TariffCatalogue, TariffVersion, tariff_for

# French acts are dated in metropolitan French time: 23:30 UTC on 31 December is already next year.
PARIS = ZoneInfo("Europe/Paris")


def act_date(performed_at: datetime, tz: ZoneInfo = PARIS) -> date:
    """Calendar date of an act in the practice's time zone (cap windows and tariffs use it; §6)."""
    if performed_at.tzinfo is None or performed_at.utcoffset() is None:
        raise ValueError("performed_at must be timezone-aware")
    return performed_at.astimezone(tz).date()


@dataclass(frozen=True)
class BillableAct:
    """A tele-expertise act to bill: who performed which code for whom, and on which day (§6)."""

    act_code: ActCode
    performed_on: date
    practitioner_rpps: str
    patient_key: str


@dataclass(frozen=True)
class Billed:
    """The act is billed at its tariff; third-party payment at 100 % by the AMO, no excess fees (§6)."""

    act_code: ActCode
    amount: Decimal
    payer: Payer
    tariff: TariffVersion
    acts_in_window: int
    """Billed acts in this act's window, this one included (1..cap)."""


@dataclass(frozen=True)
class Rejected:
    """The act is not billed; `detail` is safe to publish (no personal data)."""

    act_code: ActCode
    reason: BillingRejectionReason
    detail: str


BillingDecision = Billed | Rejected


def decide_billing(
    act: BillableAct,
    billed_dates: Iterable[date],
    catalogue: TariffCatalogue,
    mode: CapWindowMode,
    cap: int = DEFAULT_CAP,
) -> BillingDecision:
    """Bill at the tariff in force on the act's date within the cap, or say why not (DOMAIN.md §6).

    `billed_dates`: acts of the same code already billed by the same practitioner for the same
    patient. A missing tariff is checked first: such an act is not billable in any window.
    """
    try:
        tariff = tariff_for(act.act_code, act.performed_on, catalogue)
    except NoTariffError as missing:
        return Rejected(act.act_code, BillingRejectionReason.NO_TARIFF, str(missing))
    already = list(billed_dates)
    if not can_bill(already, act.performed_on, mode, cap):
        return Rejected(
            act.act_code,
            BillingRejectionReason.YEARLY_CAP_REACHED,
            f"cap of {cap} {act.act_code} acts per practitioner and patient reached "
            f"in a {mode.value} window containing {act.performed_on.isoformat()}",
        )
    return Billed(
        act.act_code,
        tariff.amount,
        Payer.AMO,
        tariff,
        acts_in_window(already, act.performed_on, mode) + 1,
    )
