"""Billing one recorded tele-expertise act, exactly once and within the yearly cap (DOMAIN.md §6).

How "exactly once" and "never a 5th act" hold under redelivery and concurrency:
1. the inbox (servicekit) runs the handler once per event id;
2. a transaction-scoped advisory lock per (dentist, patient, act code) serialises every decision
   on that cap counter, in both window modes, so the billed dates read are complete;
3. `act_id` is unique in `tele_expertise_invoices`: an act re-emitted under another event id finds
   its decision and does nothing (checked after the lock, so a concurrent twin is seen);
4. calendar-year mode also stores a slot 1..4 under a unique (dentist, patient, code, year, slot)
   constraint with a CHECK on the range: even code that skipped the lock could not store a 5th.
A violation of 3 or 4 raises IntegrityError; the consumer retries the whole transaction, which then
sees the winner's row.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.context import BillingContext
from billing_service.domain import (
    BillableAct,
    Billed,
    BillingDecision,
    CapWindowMode,
    Rejected,
    act_date,
    cap_lock_key,
    decide_billing,
    free_slot,
    to_cents,
    window_key,
)
from billing_service.metrics import count_billed, count_rejected
from billing_service.models import InvoiceStatus, TeleExpertiseInvoice
from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole
from servicekit import PermanentError, publish

# Fixed forever: invoice and decision-event ids derive from the act id, so a decision is one id.
INVOICE_ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:billing:tele-expertise-invoice")
DECISION_EVENT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:billing:tele-expertise-decision")

EXPECTED_CODE = {ActRole.REQUERANT: ActCode.RQD, ActRole.REQUIS: ActCode.TE2}

# Billed acts further than this from the new act cannot share a window with it, in either mode.
_WINDOW_REACH = timedelta(days=366)


@dataclass(frozen=True)
class ActOutcome:
    """The stored decision on an act, and whether this call made it (False: it existed already)."""

    invoice: TeleExpertiseInvoice
    decided_now: bool


def invoice_id_for(act_id: UUID) -> UUID:
    """Deterministic invoice id of an act: one act, one decision id."""
    return uuid5(INVOICE_ID_NAMESPACE, str(act_id))


async def _lock_cap_counter(session: AsyncSession, act: ActRecorded) -> None:
    key = cap_lock_key(act.practitioner_rpps, act.patient_key, act.act_code.value)
    await session.execute(select(func.pg_advisory_xact_lock(key)))


# A billed act as the cap sees it: (act day, calendar-year window key, slot); None in rolling mode.
TakenSlot = tuple[date, str | None, int | None]


async def _billed_on_file(session: AsyncSession, act: ActRecorded, around: date) -> list[TakenSlot]:
    rows = await session.execute(
        select(
            col(TeleExpertiseInvoice.performed_on),
            col(TeleExpertiseInvoice.cap_window_key),
            col(TeleExpertiseInvoice.cap_slot),
        ).where(
            col(TeleExpertiseInvoice.practitioner_rpps) == act.practitioner_rpps,
            col(TeleExpertiseInvoice.patient_key) == act.patient_key,
            col(TeleExpertiseInvoice.act_code) == act.act_code.value,
            col(TeleExpertiseInvoice.status) == InvoiceStatus.BILLED.value,
            col(TeleExpertiseInvoice.performed_on).between(around - _WINDOW_REACH, around + _WINDOW_REACH),
        )
    )
    return [(row[0], row[1], row[2]) for row in rows.all()]


def _slot_or_cap(
    decision: BillingDecision,
    performed_on: date,
    taken: list[TakenSlot],
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


async def bill_act(
    session: AsyncSession, act: ActRecorded, event_id: UUID, context: BillingContext
) -> ActOutcome:
    """Decide once on a recorded act: store the invoice line or the refusal, and queue its event."""
    if EXPECTED_CODE[act.role] is not act.act_code:
        raise PermanentError(f"act code {act.act_code} does not match the {act.role} role")
    await _lock_cap_counter(session, act)
    existing = await session.scalar(
        select(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.act_id) == act.act_id)
    )
    if existing is not None:
        return ActOutcome(existing, decided_now=False)

    performed_on = act_date(act.performed_at)
    taken = await _billed_on_file(session, act, performed_on)
    billable = BillableAct(
        act.act_code, performed_on, act.practitioner_rpps, act.patient_key, act.practitioner_profession
    )
    decision = decide_billing(
        billable, [day for day, _, _ in taken], context.tele_expertise_tariffs, context.cap_window_mode
    )
    decision, window, slot = _slot_or_cap(decision, performed_on, taken, context.cap_window_mode)
    now = context.now()
    invoice = TeleExpertiseInvoice(
        id=invoice_id_for(act.act_id),
        act_id=act.act_id,
        expertise_id=act.expertise_id,
        event_id=event_id,
        practice_id=act.practice_id,
        practitioner_rpps=act.practitioner_rpps,
        patient_key=act.patient_key,
        role=act.role.value,
        act_code=act.act_code.value,
        performed_at=act.performed_at,
        performed_on=performed_on,
        status=InvoiceStatus.BILLED if isinstance(decision, Billed) else InvoiceStatus.REJECTED,
        created_at=now,
    )
    if isinstance(decision, Billed):
        invoice.amount_cents = to_cents(decision.amount)
        invoice.payer = decision.payer.value
        invoice.tariff_source = decision.tariff.source
        invoice.cap_window_key = window
        invoice.cap_slot = slot
    else:
        invoice.rejection_reason = decision.reason.value
        invoice.rejection_detail = decision.detail
    session.add(invoice)
    await session.flush()
    await _publish_decision(session, act, invoice, decision, context)
    return ActOutcome(invoice, decided_now=True)


async def _publish_decision(
    session: AsyncSession,
    act: ActRecorded,
    invoice: TeleExpertiseInvoice,
    decision: BillingDecision,
    context: BillingContext,
) -> None:
    event: TeleExpertiseBilled | TeleExpertiseBillingRejected
    if isinstance(decision, Billed):
        event = TeleExpertiseBilled(
            act_id=act.act_id,
            expertise_id=act.expertise_id,
            practice_id=act.practice_id,
            practitioner_rpps=act.practitioner_rpps,
            patient_key=act.patient_key,
            invoice_id=invoice.id,
            act_code=act.act_code,
            amount=decision.amount,
            payer=decision.payer,
            billed_at=invoice.created_at,
        )
        count_billed(session, act.act_code.value, decision.amount)
    else:
        event = TeleExpertiseBillingRejected(
            act_id=act.act_id,
            expertise_id=act.expertise_id,
            practice_id=act.practice_id,
            practitioner_rpps=act.practitioner_rpps,
            patient_key=act.patient_key,
            act_code=act.act_code,
            reason=decision.reason,
            detail=decision.detail,
            rejected_at=invoice.created_at,
        )
        count_rejected(session, act.act_code.value, decision.reason.value)
    await publish(
        session,
        event,
        key=act.patient_key,
        source=context.source,
        event_id=uuid5(DECISION_EVENT_NAMESPACE, str(act.act_id)),
    )
