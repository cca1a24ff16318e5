"""Reading the decisions on tele-expertise acts and what a practice billed (DOMAIN.md §4, §6).

Invoices are made by `acts.bill_act` only (one decision per act); these queries read them, always
within the caller's practice (the act's `practice_id`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from billing_service.context import BillingContext
from billing_service.domain import (
    ActTotal,
    Invoice,
    InvoiceNotFoundError,
    InvoiceStatus,
    SignedCareLine,
    summarise,
)
from billing_service.store import InvoiceFilter, PageAfter


async def list_invoices(
    context: BillingContext,
    practice_id: str,
    *,
    practitioner_rpps: str | None = None,
    patient_key: str | None = None,
    start: date | None = None,
    end: date | None = None,
    status: InvoiceStatus | None = None,
    after: PageAfter | None = None,
    limit: int,
) -> list[Invoice]:
    """Up to `limit + 1` of the practice's invoices, oldest decision first, after the `after` item."""
    where = InvoiceFilter(practitioner_rpps, patient_key, start, end, status)
    async with context.units_of_work() as uow:
        return await uow.store.invoices(practice_id, where, after, limit)


async def invoice(context: BillingContext, practice_id: str, invoice_id: UUID) -> Invoice:
    """One of the practice's invoices; another practice's is as unknown as a missing one."""
    async with context.units_of_work() as uow:
        found = await uow.store.invoice(invoice_id)
    if found is None or found.practice_id != practice_id:
        raise InvoiceNotFoundError("no such invoice")
    return found


@dataclass(frozen=True)
class BilledInPeriod:
    """What a practice billed in a period: billed tele-expertise acts and lines of signed care sheets,
    each by act day. Rejected acts were never billed and are not here."""

    invoices: list[Invoice]
    care_lines: list[SignedCareLine]


async def billed_in_period(
    context: BillingContext, practice_id: str, practitioner_rpps: str | None, start: date, end: date
) -> BilledInPeriod:
    """Everything billed for acts performed in [start, end] (the accountant's export)."""
    async with context.units_of_work() as uow:
        invoices = await uow.store.billed_invoices(practice_id, practitioner_rpps, start, end)
        care_lines = await uow.store.signed_care_lines(practice_id, practitioner_rpps, start, end)
    return BilledInPeriod(invoices, care_lines)


@dataclass(frozen=True)
class _Priced:
    """One billed act as the domain's summary counts it (a quantity of n is n acts)."""

    act_code: str
    amount: Decimal


@dataclass(frozen=True)
class MonthlyTotals:
    """Count and exact total per act code, for tele-expertise acts and for care-sheet acts."""

    tele_expertise: dict[str, ActTotal]
    care_sheets: dict[str, ActTotal]


async def monthly_totals(
    context: BillingContext, practice_id: str, practitioner_rpps: str | None, first: date, last: date
) -> MonthlyTotals:
    """What was billed for acts of [first, last] (a month), per act code."""
    billed = await billed_in_period(context, practice_id, practitioner_rpps, first, last)
    tele = summarise(
        _Priced(invoice.act_code.value, invoice.amount)
        for invoice in billed.invoices
        if invoice.amount is not None
    )
    care = summarise(
        _Priced(signed.line.act_code, signed.line.unit_amount)
        for signed in billed.care_lines
        for _ in range(signed.line.quantity)
    )
    return MonthlyTotals(tele, care)
