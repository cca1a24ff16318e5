"""Deciding whether a recorded tele-expertise act is billed, and for how much (DOMAIN.md §6)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from billing_service.domain.caps import (
    DEFAULT_CAP,
    CapWindowMode,
    acts_in_window,
    can_bill,
    free_slot,
    window_key,
)
from billing_service.domain.tariffs import NoTariffError, TariffCatalogue, TariffVersion, tariff_for
from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode
from dentalink_contracts.values import Profession

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
    practitioner_profession: Profession | None = None
    """None when the recording service did not say (ActRecorded v1 does not carry it)."""


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


def outside_dental_convention(act: BillableAct) -> bool:
    """An act by a professional known not to be a dentist is not billed under the dental convention (§6).

    DOMAIN.md §6: an EHPAD expertise may be requested by "a health professional of that
    establishment" and an oral-cancer one answered by a medical specialist; the dental convention
    (avenant 1 art. 58) pays RQD and TE2 "per dentist". Those professionals bill under their own
    convention. An unknown profession is billed: telemed records acts only for eligible expertises.
    """
    return act.practitioner_profession is not None and act.practitioner_profession is not Profession.DENTIST


def decide_billing(
    act: BillableAct,
    billed_dates: Iterable[date],
    catalogue: TariffCatalogue,
    mode: CapWindowMode,
    cap: int = DEFAULT_CAP,
) -> BillingDecision:
    """Bill at the tariff in force on the act's date within the cap, or say why not (DOMAIN.md §6).

    `billed_dates`: acts of the same code already billed by the same practitioner for the same
    patient. Checked in this order: a professional known not to be a dentist (RQD and TE2 are
    dental-convention acts), a missing tariff, then the cap.
    """
    if outside_dental_convention(act):
        return Rejected(
            act.act_code,
            BillingRejectionReason.PRACTITIONER_NOT_DENTIST,
            f"{act.act_code} is paid to a dentist under the dental convention (avenant 1 art. 58); "
            "another professional bills the act under their own convention",
        )
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


# A billed act as the cap sees it: (act day, calendar-year window key, slot); None in rolling mode.
TakenSlot = tuple[date, str | None, int | None]


def slot_or_cap(
    decision: BillingDecision,
    performed_on: date,
    taken: Iterable[TakenSlot],
    mode: CapWindowMode,
) -> tuple[BillingDecision, str | None, int | None]:
    """The calendar-year slot a billed act takes; no free slot turns the decision into a cap refusal."""
    if not isinstance(decision, Billed) or mode is not CapWindowMode.CALENDAR_YEAR:
        return decision, None, None
    key = window_key(performed_on, mode)
    slot = free_slot(slot for _, window, slot in taken if window == key and slot is not None)
    if slot is None:
        # Reachable only if stored slots and dates disagree: the slots win (they are the constraint).
        return (
            Rejected(
                decision.act_code, BillingRejectionReason.YEARLY_CAP_REACHED, f"no cap slot left in {key}"
            ),
            None,
            None,
        )
    return decision, key, slot
