"""Billing one recorded tele-expertise act, exactly once and within the yearly cap (DOMAIN.md §6).

How "exactly once" and "never a 5th act" hold under redelivery and concurrency:
1. the inbox (servicekit) runs the handler once per event id;
2. a transaction-scoped lock per (dentist, patient, act code) serialises every decision on that
   cap counter, in both window modes, so the billed dates read are complete;
3. `act_id` is unique among the decisions: an act re-emitted under another event id finds its
   decision and does nothing (checked after the lock, so a concurrent twin is seen);
4. calendar-year mode also stores a slot 1..4 under a unique (dentist, patient, code, year, slot)
   constraint with a CHECK on the range: even code that skipped the lock could not store a 5th.
A violation of 3 or 4 raises IntegrityError; the consumer retries the whole transaction, which then
sees the winner's row.
"""

from dataclasses import dataclass, replace
from uuid import NAMESPACE_URL, UUID, uuid5

from billing_service.context import BillingContext
from billing_service.domain import (
    BillableAct,
    Billed,
    BillingDecision,
    Invoice,
    InvoiceStatus,
    act_date,
    decide_billing,
    slot_or_cap,
)
from billing_service.metrics import acts_decided, billed_euros
from billing_service.store import BillingStore
from dentalink_contracts.events.billing import TeleExpertiseBilled, TeleExpertiseBillingRejected
from dentalink_contracts.events.telemed import ActCode, ActRecorded, ActRole
from servicekit import PermanentError, UnitOfWork

# Fixed forever: invoice and decision-event ids derive from the act id, so a decision is one id.
INVOICE_ID_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:billing:tele-expertise-invoice")
DECISION_EVENT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:dentalink:billing:tele-expertise-decision")

EXPECTED_CODE = {ActRole.REQUERANT: ActCode.RQD, ActRole.REQUIS: ActCode.TE2}


@dataclass(frozen=True)
class ActOutcome:
    """The stored decision on an act, and whether this call made it (False: it existed already)."""

    invoice: Invoice
    decided_now: bool


def invoice_id_for(act_id: UUID) -> UUID:
    """Deterministic invoice id of an act: one act, one decision id."""
    return uuid5(INVOICE_ID_NAMESPACE, str(act_id))


def decision_event_id_for(act_id: UUID) -> UUID:
    """Deterministic id of the event announcing an act's decision."""
    return uuid5(DECISION_EVENT_NAMESPACE, str(act_id))


async def bill_act(
    uow: UnitOfWork[BillingStore], context: BillingContext, act: ActRecorded, event_id: UUID
) -> ActOutcome:
    """Consumed `ActRecorded`: decide once on the act, store the invoice line or the refusal, and
    queue its event, in the consumer's transaction. An act whose code contradicts its role can
    never be billed: PermanentError (dead-lettered)."""
    if EXPECTED_CODE[act.role] is not act.act_code:
        raise PermanentError(f"act code {act.act_code} does not match the {act.role} role")
    store = uow.store
    await store.lock_cap_counter(act.practitioner_rpps, act.patient_key, act.act_code)
    existing = await store.invoice_of_act(act.act_id)
    if existing is not None:
        return ActOutcome(existing, decided_now=False)

    performed_on = act_date(act.performed_at)
    taken = await store.billed_slots(act.practitioner_rpps, act.patient_key, act.act_code, performed_on)
    billable = BillableAct(
        act.act_code, performed_on, act.practitioner_rpps, act.patient_key, act.practitioner_profession
    )
    decision = decide_billing(
        billable, [day for day, _, _ in taken], context.tele_expertise_tariffs, context.cap_window_mode
    )
    decision, window, slot = slot_or_cap(decision, performed_on, taken, context.cap_window_mode)
    invoice = Invoice(
        id=invoice_id_for(act.act_id),
        act_id=act.act_id,
        expertise_id=act.expertise_id,
        event_id=event_id,
        practice_id=act.practice_id,
        practitioner_rpps=act.practitioner_rpps,
        patient_key=act.patient_key,
        role=act.role,
        act_code=act.act_code,
        performed_at=act.performed_at,
        performed_on=performed_on,
        status=InvoiceStatus.BILLED if isinstance(decision, Billed) else InvoiceStatus.REJECTED,
        created_at=context.now(),
    )
    if isinstance(decision, Billed):
        invoice = replace(
            invoice,
            amount=decision.amount,
            payer=decision.payer,
            tariff_source=decision.tariff.source,
            cap_window_key=window,
            cap_slot=slot,
        )
    else:
        invoice = replace(invoice, rejection_reason=decision.reason, rejection_detail=decision.detail)
    await store.add_invoice(invoice)
    await _publish_decision(uow, act, invoice, decision)
    return ActOutcome(invoice, decided_now=True)


async def _publish_decision(
    uow: UnitOfWork[BillingStore], act: ActRecorded, invoice: Invoice, decision: BillingDecision
) -> None:
    """Queue `TeleExpertiseBilled` or `TeleExpertiseBillingRejected`, keyed by the patient, under an
    id derived from the act; count the decision once the transaction commits."""
    event: TeleExpertiseBilled | TeleExpertiseBillingRejected
    code = act.act_code.value
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
        # A metric is an operational signal, not money of record: float is fine here.
        uow.outbox.count(billed_euros, float(decision.amount), {"act_code": code})
        uow.outbox.count(acts_decided, 1, {"act_code": code, "outcome": "billed"})
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
        uow.outbox.count(acts_decided, 1, {"act_code": code, "outcome": decision.reason.value})
    await uow.outbox.publish(event, key=act.patient_key, event_id=decision_event_id_for(act.act_id))
