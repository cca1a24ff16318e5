"""Billing's use cases: one function per command, query or consumed event (ARCHITECTURE.md).

Commands and queries open their unit of work (`async with context.units_of_work() as uow`);
consumed events run in the consumer's transaction (`unit_of_work_in(session, ...)`, in events.py).
They load through the store, decide with the domain, write, and publish through the outbox.
"""

from billing_service.workflows.acts import ActOutcome, bill_act, decision_event_id_for, invoice_id_for
from billing_service.workflows.care_sheets import (
    add_care_sheet_line,
    apcv_session,
    care_acts,
    care_sheet,
    care_sheets,
    create_care_sheet,
    replace_care_sheet,
    sign_care_sheet,
)
from billing_service.workflows.invoices import (
    BilledInPeriod,
    MonthlyTotals,
    billed_in_period,
    invoice,
    list_invoices,
    monthly_totals,
)
from billing_service.workflows.sessions import record_session_closed, record_session_opened

__all__ = [
    "ActOutcome",
    "BilledInPeriod",
    "MonthlyTotals",
    "add_care_sheet_line",
    "apcv_session",
    "bill_act",
    "billed_in_period",
    "care_acts",
    "care_sheet",
    "care_sheets",
    "create_care_sheet",
    "decision_event_id_for",
    "invoice",
    "invoice_id_for",
    "list_invoices",
    "monthly_totals",
    "record_session_closed",
    "record_session_opened",
    "replace_care_sheet",
    "sign_care_sheet",
]
